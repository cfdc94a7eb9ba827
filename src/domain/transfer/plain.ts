import type { Cells, SourceRow } from './rows.js'

/** A plain CSV needs a title column; author, isbn, publication_date and added_at are optional. */
export function isPlainHeader(header: string[]): boolean {
  return header.includes('title')
}

/** The columns `export --format csv` writes, which this format reads back. */
export function plainRow(cell: Cells): SourceRow {
  return {
    raw: {
      title: cell('title'),
      author: cell('author', 'authors'),
      isbns: [cell('isbn', 'isbn13')],
      publicationDate: cell('publication_date', 'published', 'year'),
      addedAt: cell('added_at'),
      note: cell('note'),
      priority: cell('priority'),
    },
    shelves: [],
    position: placeOf(cell('position')),
  }
}

/** A place in a list: a whole number from 1, else none. */
function placeOf(value: string): number | null {
  return /^\s*\d{1,15}\s*$/.test(value) && Number(value) > 0 ? Number(value) : null
}

/**
 * JSON: an array of book objects as `books --json` prints them, or the object
 * `show --json` / `export --format json` print (its "books" array).
 */
export function jsonItems(data: unknown): unknown[] | undefined {
  if (Array.isArray(data)) return data
  if (data && typeof data === 'object' && Array.isArray((data as { books?: unknown }).books)) {
    return (data as { books: unknown[] }).books
  }
  return undefined
}

export function jsonRow(item: unknown): SourceRow {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return { skip: 'not a book object' }
  const record = item as Record<string, unknown>
  const text = (key: string) => {
    const value = record[key]
    return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
  }
  return {
    raw: {
      title: text('title'),
      author: text('author'),
      isbns: [text('isbn')],
      publicationDate: text('publication_date'),
      addedAt: text('added_at'),
      note: text('note'),
      priority: text('priority'),
    },
    shelves: [],
    position: placeOf(text('position')),
  }
}
