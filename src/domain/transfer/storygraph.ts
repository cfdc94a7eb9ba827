import { looksLikeIsbn } from '../isbn.js'
import type { Cells, SourceRow } from './rows.js'

/**
 * StoryGraph "Export StoryGraph Library" files, two headers: the current one (Title,
 * Authors, Contributors, ISBN/UID, Format, Read Status, Date Added, ..., Tags,
 * Owned?) and the older one with "Author" and "ISBN". No publication year.
 */
export function isStorygraphHeader(header: string[]): boolean {
  return header.includes('read status') && (header.includes('isbn/uid') || header.includes('authors') || header.includes('author'))
}

/** Its shelves: the Read Status, then each of its Tags. */
export function storygraphRow(cell: Cells): SourceRow {
  const names = [cell('Read Status'), ...cell('Tags').split(',')].map((name) => name.trim()).filter(Boolean)
  // ISBN/UID holds an ASIN (B00...) or StoryGraph's own id when the edition has no
  // ISBN: only ISBN-shaped values are ISBNs (and reported when their check digit is wrong).
  const id = cell('ISBN/UID', 'ISBN').trim()
  return {
    raw: {
      title: cell('Title'),
      author: cell('Authors', 'Author'),
      isbns: looksLikeIsbn(id) || /^\d+(\.\d+)?[eE]\+?\d+$/.test(id) ? [id] : [],
      publicationDate: '',
      addedAt: cell('Date Added'),
    },
    shelves: [...new Set(names)].map((name) => ({ name, position: null })),
  }
}
