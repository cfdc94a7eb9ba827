import { readPublicationDate } from '../date.js'
import { PRIORITIES, type Priority } from '../entries.js'
import { normalizeIsbn } from '../isbn.js'
import { TEXT_LIMITS, textProblem } from '../limits.js'
import { quote } from '../../output/words.js'

/** One book read from an import file, checked and normalised, ready for the database. */
export interface ImportBook {
  /** Where it came from: the file's line (CSV) or the 1-based position in the array (JSON). */
  line: number
  title: string
  author: string | null
  /** The first author's sort form when the source gives one (Goodreads' "Author l-f": "Butler, Octavia E."). */
  authorSort: string | null
  /** Normalised ISBN-13 digits. */
  isbn: string | null
  /** YYYY, YYYY-MM or YYYY-MM-DD (src/domain/date.ts). */
  publicationDate: string | null
  /** When it went on the list in the source (Goodreads "Date Added"); ISO 8601. */
  addedAt: string | null
  /** The entry's note (Goodreads "Private Notes"), one line. */
  note: string | null
  /** The entry's priority (csv, json): low, normal or high; null: normal. */
  priority: Priority | null
  /** The lists it goes on (--shelves all), or null for the import's one list. */
  lists: Shelf[] | null
}

/** A shelf, status, collection or list a row is on, and its place there when the format says. */
export interface Shelf {
  name: string
  position: number | null
  /** Another name the format gives the same shelf (BookWyrm's shelf id beside its display name). */
  alias?: string
}

/** A line that was skipped, or imported with something left out. */
export interface RowProblem {
  line: number
  reason: string
}

/** What checking one row gives: a book (maybe with a warning), or a skip. */
export type RowOutcome = { book: Omit<ImportBook, 'line' | 'lists'>; warning?: string } | { skip: string }

/** What a format reads from one row: its fields and shelves, not checked yet; or a skip. */
export type SourceRow = { raw: RawBook; shelves: Shelf[]; position?: number | null } | { skip: string }

/** Reads a cell by header name (any case), '' when the column is absent. */
export type Cells = (...names: string[]) => string

/** The raw fields of a book, as a format found them; checked by toOutcome. */
export interface RawBook {
  title: string
  author: string
  /** ISBN candidates, best first (Goodreads: ISBN13 then ISBN). */
  isbns: string[]
  publicationDate: string
  addedAt: string
  note?: string
  priority?: string
  authorSort?: string
}

/**
 * The checks every format shares: a row needs a title; a bad ISBN or date is left
 * out with a warning (the book still imports by title and author).
 */
export function toOutcome(raw: RawBook): RowOutcome {
  const title = collapse(repairMojibake(raw.title))
  if (title === '') return { skip: 'no title' }
  const author = collapse(repairMojibake(raw.author)) || null
  // Checked here, before the database, so a value it would refuse skips its row
  // instead of failing the import.
  const titleProblem = textProblem(title, TEXT_LIMITS.title)
  if (titleProblem) return { skip: `title ${titleProblem}` }
  const authorProblem = author === null ? undefined : textProblem(author, TEXT_LIMITS.author)
  if (authorProblem) return { skip: `author ${authorProblem}` }
  const warnings: string[] = []
  const { isbn, warning } = isbnOf(raw.isbns)
  if (warning) warnings.push(warning)
  const publicationDate = parseDate(raw.publicationDate)
  if (publicationDate === undefined) warnings.push(`publication date ${quote(raw.publicationDate.trim())} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); imported without it`)
  const addedAt = parseTimestamp(raw.addedAt)
  if (addedAt === undefined) warnings.push(`date added ${quote(raw.addedAt.trim())} is not a date between the years 1 and 9999; imported without it`)
  // A note is one line of at most NOTE_CHARS, without control characters (as `--note` wants it).
  const fullNote = collapse(raw.note ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
  if ([...fullNote].length > NOTE_CHARS) warnings.push(`note longer than ${NOTE_CHARS} characters; cut to ${NOTE_CHARS}`)
  const note = [...fullNote].slice(0, NOTE_CHARS).join('').trim() || null
  const givenPriority = (raw.priority ?? '').trim().toLowerCase()
  const priority = (PRIORITIES as readonly string[]).includes(givenPriority) ? (givenPriority as Priority) : null
  if (givenPriority !== '' && priority === null) warnings.push(`priority ${quote(raw.priority!.trim())} is not low, normal or high; imported as normal`)
  return {
    book: { title, author, authorSort: authorSortOf(raw.authorSort), isbn, publicationDate: publicationDate ?? null, addedAt: addedAt ?? null, note, priority },
    ...(warnings.length > 0 ? { warning: warnings.join('; ') } : {}),
  }
}

/** A sort form as given, when it is one short line the author column could hold. */
function authorSortOf(text: string | undefined): string | null {
  const value = collapse(repairMojibake(text ?? ''))
  if (value === '' || textProblem(value, TEXT_LIMITS.author)) return null
  return value
}

/** The longest note kept (issue 15: one line, at most 500 characters). */
export const NOTE_CHARS = 500

/**
 * The first valid candidate as ISBN-13, and what was wrong with the others.
 * Spreadsheets damage ISBNs in two ways, each named in the warning: a long number
 * shown in scientific notation ("9.78053E+12": digits lost, the ISBN cannot be
 * recovered), and an ISBN-10 read as a number, which loses its leading zero (nine
 * digits that are a valid ISBN-10 with a 0 in front are taken as that ISBN). An
 * ISBN is never kept as a number: it is the 13 digits or nothing.
 */
export function isbnOf(candidates: string[]): { isbn: string | null; warning?: string } {
  const given = candidates.map((candidate) => candidate.trim()).filter(Boolean)
  const problems: string[] = []
  const invalid: string[] = []
  for (const candidate of given) {
    const isbn = normalizeIsbn(candidate)
    // The better candidate (an ISBN-13) is bad but another is good: as before, no warning.
    if (isbn) return { isbn }
    if (/^\d(\.\d+)?[eE]\+?\d+$/.test(candidate)) {
      problems.push(`ISBN ${quote(candidate)} was turned into a number by a spreadsheet (scientific notation: its digits are lost)`)
    } else if (/^\d{9}$/.test(candidate) && normalizeIsbn(`0${candidate}`)) {
      return { isbn: normalizeIsbn(`0${candidate}`)!, warning: `ISBN ${quote(candidate)} lost its leading zero (a spreadsheet read it as a number); taken as 0${candidate}` }
    } else if (/^\d+\.0+$/.test(candidate) && normalizeIsbn(candidate.replace(/\.0+$/, ''))) {
      return { isbn: normalizeIsbn(candidate.replace(/\.0+$/, ''))!, warning: `ISBN ${quote(candidate)} was written as a decimal number by a spreadsheet; taken as ${candidate.replace(/\.0+$/, '')}` }
    } else {
      invalid.push(candidate)
    }
  }
  if (given.length === 0) return { isbn: null }
  if (invalid.length > 0) problems.push(`ISBN ${invalid.map(quote).join(' / ')} is not valid`)
  return { isbn: null, warning: `${problems.join('; ')}; imported without it` }
}

/** Windows-1252's characters for the bytes 0x80-0x9F, which Latin-1 leaves as controls. */
const CP1252: Record<string, number> = {
  '\u20ac': 0x80, '\u201a': 0x82, '\u0192': 0x83, '\u201e': 0x84, '\u2026': 0x85, '\u2020': 0x86, '\u2021': 0x87,
  '\u02c6': 0x88, '\u2030': 0x89, '\u0160': 0x8a, '\u2039': 0x8b, '\u0152': 0x8c, '\u017d': 0x8e, '\u2018': 0x91,
  '\u2019': 0x92, '\u201c': 0x93, '\u201d': 0x94, '\u2022': 0x95, '\u2013': 0x96, '\u2014': 0x97, '\u02dc': 0x98,
  '\u2122': 0x99, '\u0161': 0x9a, '\u203a': 0x9b, '\u0153': 0x9c, '\u017e': 0x9e, '\u0178': 0x9f,
}
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * UTF-8 text that was read as Latin-1 or Windows-1252 and written out again
 * ("CortÃ¡zar" for "Cortázar", "Ã©" for "é") is put back: only when the text has
 * such a pair and its characters, taken back as those bytes, are valid UTF-8 (real
 * Latin-1 text is almost never valid UTF-8 that way).
 */
export function repairMojibake(text: string): string {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf\u0152-\u2122]/.test(text)) return text
  const bytes: number[] = []
  for (const char of text) {
    const code = char.codePointAt(0)!
    if (code < 0x100) bytes.push(code)
    else if (CP1252[char] !== undefined) bytes.push(CP1252[char]!)
    else return text
  }
  try {
    return utf8.decode(Uint8Array.from(bytes))
  } catch {
    return text
  }
}

/** Trimmed, with runs of whitespace (newlines included) made one space. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * A publication date with the precision the file gives (a Goodreads year stays
 * "1997"; src/domain/date.ts readPublicationDate, which every format shares). null
 * when empty, undefined when present but not a date.
 */
export function parseDate(text: string): string | null | undefined {
  const value = text.trim()
  return value === '' ? null : readPublicationDate(value)
}

/**
 * A full ISO timestamp, or a date (YYYY-MM-DD or Goodreads' YYYY/MM/DD) as midnight
 * UTC. null when empty or not a timestamp; undefined when it is one PostgreSQL cannot
 * store as given (a year before 1 or after 9999: JavaScript's Date reads year 0 and
 * six-digit years, PostgreSQL refuses year 0).
 */
function parseTimestamp(text: string): string | null | undefined {
  const value = text.trim()
  if (value === '') return null
  // A date (Goodreads writes YYYY/MM/DD) is midnight UTC of its day; a bare year or
  // month, of its first day.
  const date = parseDate(value)
  if (date) return `${date}${date.length === 4 ? '-01-01' : date.length === 7 ? '-01' : ''}T00:00:00.000Z`
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null
  const parsed = new Date(value)
  if (Number.isNaN(parsed.getTime())) return null
  const year = parsed.getUTCFullYear()
  return year < 1 || year > 9999 ? undefined : parsed.toISOString()
}
