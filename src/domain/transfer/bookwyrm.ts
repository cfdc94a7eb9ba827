import type { Cells, SourceRow } from './rows.js'

/**
 * BookWyrm's CSV export (27 to 30 columns over its versions: title, author_text,
 * remote_id, openlibrary_key, ..., isbn_10, isbn_13, oclc_number, start_date, ...,
 * shelf, shelf_name, shelf_date). "shelf" is the shelf's id (to-read, reading, read
 * or a custom one's slug), "shelf_name" its name as the user sees it.
 */
export function isBookwyrmHeader(header: string[]): boolean {
  return header.includes('author_text') && (header.includes('shelf') || header.includes('isbn_13'))
}

export function bookwyrmRow(cell: Cells): SourceRow {
  const id = cell('shelf').trim()
  const name = cell('shelf_name').trim() || id
  return {
    raw: {
      title: cell('title'),
      author: cell('author_text'),
      isbns: [cell('isbn_13'), cell('isbn_10')],
      publicationDate: '',
      addedAt: cell('shelf_date'),
    },
    shelves: name ? [{ name, position: null, ...(id && id !== name ? { alias: id } : {}) }] : [],
  }
}
