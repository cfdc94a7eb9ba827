import { parseIsoDate } from '../date.js'
import { normalizeIsbn } from '../isbn.js'

/** One book read from an import file, checked and normalised, ready for the database. */
export interface ImportBook {
  /** Where it came from: the file's line (CSV) or the 1-based position in the array (JSON). */
  line: number
  title: string
  author: string | null
  /** Normalised ISBN-13 digits. */
  isbn: string | null
  /** YYYY-MM-DD. */
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
  /** On another shelf than the one asked for: left out, counted, not reported per line. */
  | { otherShelf: true }

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
  const warnings: string[] = []
  let isbn: string | null = null
  const given = raw.isbns.map((candidate) => candidate.trim()).filter(Boolean)
  for (const candidate of given) {
    isbn = normalizeIsbn(candidate) ?? null
    if (isbn) break
  }
  if (!isbn && given.length > 0) warnings.push(`ISBN "${given.join('" / "')}" is not valid; imported without it`)
  const publicationDate = parseDate(raw.publicationDate)
  if (publicationDate === undefined) warnings.push(`publication date "${raw.publicationDate.trim()}" is not YYYY-MM-DD or YYYY; imported without it`)
  const addedAt = parseTimestamp(raw.addedAt)
  return {
    book: { title, author: collapse(raw.author) || null, isbn, publicationDate: publicationDate ?? null, addedAt },
    ...(warnings.length > 0 ? { warning: warnings.join('; ') } : {}),
  }
}

/** Trimmed, with runs of whitespace (newlines included) made one space. */
export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * YYYY-MM-DD, or a bare year as YYYY-01-01 (Goodreads and StoryGraph only give
 * years). null when empty, undefined when present but not a real date.
 */
export function parseDate(text: string): string | null | undefined {
  const value = text.trim()
  if (value === '') return null
  if (/^\d{4}$/.test(value)) return value === '0000' ? undefined : `${value}-01-01`
  // Goodreads writes YYYY/MM/DD; the calendar check is the one `books add` uses.
  return /^\d{4}\/\d{2}\/\d{2}$/.test(value) ? parseIsoDate(value.replaceAll('/', '-')) : parseIsoDate(value)
}

/** A full ISO timestamp, or a date (YYYY-MM-DD or Goodreads' YYYY/MM/DD) as midnight UTC. */
function parseTimestamp(text: string): string | null {
  const value = text.trim()
  if (value === '') return null
  const date = parseDate(value)
  if (date) return `${date}T00:00:00.000Z`
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return null
  const parsed = new Date(value)
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString()
}
