import { isbn10Of } from '../isbn.js'
import { type Cells, type RowOutcome, toOutcome } from './rows.js'

/**
 * Goodreads "Export Library" files. Columns are read by header name because the
 * set changes between years (the 2020 export has "Recommended For" and "BCID",
 * newer ones do not); only the ones below are used.
 */
export function isGoodreadsHeader(header: string[]): boolean {
  return header.includes('exclusive shelf') || (header.includes('book id') && header.includes('title'))
}

export function goodreadsRow(cell: Cells, shelf: string): RowOutcome {
  const exclusive = cell('Exclusive Shelf')
  const shelves = cell('Bookshelves', 'Shelves')
  if (!onShelf(exclusive, shelves, shelf)) return { otherShelf: shelvesOf(exclusive, shelves) }
  const additional = cell('Additional Authors').trim()
  const author = [cell('Author').trim(), additional].filter(Boolean).join(', ')
  return toOutcome({
    title: cell('Title'),
    author,
    // The ISBN-13 is the better key; the ISBN-10 is the fallback when it is missing or bad.
    isbns: [unwrap(cell('ISBN13')), unwrap(cell('ISBN'))],
    // The edition's year (which the ISBN names), else the work's first year.
    publicationDate: cell('Year Published').trim() || cell('Original Publication Year').trim(),
    addedAt: cell('Date Added'),
  })
}

/** The shelves a row is on, each once: its exclusive shelf, then its other shelves. */
function shelvesOf(exclusive: string, shelves: string): string[] {
  const names = [exclusive, ...shelves.split(',')].map((name) => name.trim()).filter(Boolean)
  return [...new Set(names)]
}

/** A row is on a shelf when it is its exclusive shelf or one of its shelves. */
function onShelf(exclusive: string, shelves: string, shelf: string): boolean {
  const wanted = shelf.trim().toLowerCase()
  if (exclusive.trim().toLowerCase() === wanted) return true
  return shelves.split(',').some((name) => name.trim().toLowerCase() === wanted)
}

/** Goodreads writes ISBNs as ="0525509283" (and empty ones as ="") so spreadsheets keep them text. */
export function unwrap(value: string): string {
  const match = /^\s*="(.*)"\s*$/.exec(value)
  return (match ? match[1]! : value).trim()
}

/** The columns of a Goodreads export that its import reads, in its own order. */
export const GOODREADS_HEADER = [
  'Book Id',
  'Title',
  'Author',
  'Additional Authors',
  'ISBN',
  'ISBN13',
  'Year Published',
  'Original Publication Year',
  'Date Added',
  'Bookshelves',
  'Exclusive Shelf',
]

export interface ExportBook {
  title: string
  author: string | null
  isbn: string | null
  publicationDate: string | null
  addedAt: Date
}

/** One book as a Goodreads row on the to-read shelf (ISBNs plain: a ="..." cell would read as a formula). */
export function goodreadsExportRow(book: ExportBook): string[] {
  const year = book.publicationDate?.slice(0, 4) ?? ''
  const added = book.addedAt.toISOString().slice(0, 10).replaceAll('-', '/')
  return [
    '',
    book.title,
    book.author ?? '',
    '',
    book.isbn ? (isbn10Of(book.isbn) ?? '') : '',
    book.isbn ?? '',
    year,
    year,
    added,
    'to-read',
    'to-read',
  ]
}
