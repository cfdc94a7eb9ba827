import { isbn10Of } from '../isbn.js'
import type { Cells, SourceRow } from './rows.js'

/**
 * Goodreads "Export Library" files. Columns are read by header name because the
 * set changes between years (the 2020 export has "Recommended For" and "BCID",
 * newer ones do not); only the ones below are used.
 */
export function isGoodreadsHeader(header: string[]): boolean {
  return header.includes('exclusive shelf') || (header.includes('book id') && header.includes('title'))
}

/**
 * One row: its exclusive shelf and its other shelves, each once, with its place on
 * each from "Bookshelves with positions" ("to-read (#31), sci-fi (#2)").
 */
export function goodreadsRow(cell: Cells): SourceRow {
  const positions = shelfPositions(cell('Bookshelves with positions'))
  const names = [cell('Exclusive Shelf'), ...cell('Bookshelves', 'Shelves').split(',')].map((name) => name.trim()).filter(Boolean)
  const shelves = [...new Set(names)].map((name) => ({ name, position: positions.get(name.toLowerCase()) ?? null }))
  const additional = cell('Additional Authors').trim()
  const author = [cell('Author').trim(), additional].filter(Boolean).join(', ')
  return {
    raw: {
      title: cell('Title'),
      author,
      // The ISBN-13 is the better key; the ISBN-10 is the fallback when it is missing or bad.
      isbns: [unwrap(cell('ISBN13')), unwrap(cell('ISBN'))],
      // The edition's year (which the ISBN names), else the work's first year.
      publicationDate: cell('Year Published').trim() || cell('Original Publication Year').trim(),
      addedAt: cell('Date Added'),
      note: cell('Private Notes'),
      authorSort: cell('Author l-f'),
    },
    shelves,
  }
}

/** "to-read (#31), sci-fi (#2)" as shelf (lower case) -> position. */
export function shelfPositions(text: string): Map<string, number> {
  const positions = new Map<string, number>()
  for (const part of text.split(',')) {
    const match = /^\s*(.*?)\s*\(#(\d+)\)\s*$/.exec(part)
    if (match) positions.set(match[1]!.toLowerCase(), Number(match[2]))
  }
  return positions
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
  'Bookshelves with positions',
  'Exclusive Shelf',
  'Private Notes',
]

export interface ExportBook {
  title: string
  author: string | null
  isbn: string | null
  publicationDate: string | null
  addedAt: Date
  /** Its place in the list (1 = first). */
  position: number
  note: string | null
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
    `to-read (#${book.position})`,
    'to-read',
    book.note ?? '',
  ]
}
