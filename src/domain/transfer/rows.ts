import { readPublicationDate } from '../date.js'
import { normalizeIsbn } from '../isbn.js'
import { TEXT_LIMITS, textProblem } from '../limits.js'
import { quote } from '../../output/words.js'

/** One book read from an import file, checked and normalised, ready for the database. */
export interface ImportBook {
  /** Where it came from: the file's line (CSV) or the 1-based position in the array (JSON). */
  line: number
  title: string
  author: string | null
  /** Normalised ISBN-13 digits. */
  isbn: string | null
  /** YYYY, YYYY-MM or YYYY-MM-DD (src/domain/date.ts). */
  publicationDate: string | null
  /** When it went on the list in the source (Goodreads "Date Added"); ISO 8601. */
  addedAt: string | null
}

/** A line that was skipped, or imported with something left out. */
export interface RowProblem {
  line: number
  reason: string
}

/** What mapping one source row gives: a book (maybe with a warning), a skip, or nothing. */
export type RowOutcome =
  | { book: Omit<ImportBook, 'line'>; warning?: string }
  | { skip: string }
  /** On other shelves than the one asked for (these): left out, counted, not reported per line. */
  | { otherShelf: string[] }

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
}

/**
 * The checks every format shares: a row needs a title; a bad ISBN or date is left
 * out with a warning (the book still imports by title and author).
 */
export function toOutcome(raw: RawBook): RowOutcome {
  const title = collapse(raw.title)
  if (title === '') return { skip: 'no title' }
  const author = collapse(raw.author) || null
  // Checked here, before the database, so a value it would refuse skips its row
  // instead of failing the import.
  const titleProblem = textProblem(title, TEXT_LIMITS.title)
  if (titleProblem) return { skip: `title ${titleProblem}` }
  const authorProblem = author === null ? undefined : textProblem(author, TEXT_LIMITS.author)
  if (authorProblem) return { skip: `author ${authorProblem}` }
  const warnings: string[] = []
  let isbn: string | null = null
  const given = raw.isbns.map((candidate) => candidate.trim()).filter(Boolean)
  for (const candidate of given) {
    isbn = normalizeIsbn(candidate) ?? null
    if (isbn) break
  }
  if (!isbn && given.length > 0) warnings.push(`ISBN ${given.map(quote).join(' / ')} is not valid; imported without it`)
  const publicationDate = parseDate(raw.publicationDate)
  if (publicationDate === undefined) warnings.push(`publication date ${quote(raw.publicationDate.trim())} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); imported without it`)
  const addedAt = parseTimestamp(raw.addedAt)
  if (addedAt === undefined) warnings.push(`date added ${quote(raw.addedAt.trim())} is not a date between the years 1 and 9999; imported without it`)
  return {
    book: { title, author, isbn, publicationDate: publicationDate ?? null, addedAt: addedAt ?? null },
    ...(warnings.length > 0 ? { warning: warnings.join('; ') } : {}),
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
