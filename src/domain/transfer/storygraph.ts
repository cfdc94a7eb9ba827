import { type Cells, type RowOutcome, toOutcome } from './rows.js'

/**
 * StoryGraph "Export StoryGraph Library" files: Title, Authors, Contributors,
 * ISBN/UID, Format, Read Status, Date Added, ... (no publication year).
 */
export function isStorygraphHeader(header: string[]): boolean {
  return header.includes('read status') && (header.includes('isbn/uid') || header.includes('authors'))
}

export function storygraphRow(cell: Cells, shelf: string): RowOutcome {
  const status = cell('Read Status').trim()
  if (status.toLowerCase() !== shelf.trim().toLowerCase()) return { otherShelf: status ? [status] : [] }
  // ISBN/UID holds StoryGraph's own id when the edition has no ISBN: only
  // ISBN-shaped values are ISBNs (and reported when their check digit is wrong).
  const id = cell('ISBN/UID', 'ISBN').trim()
  return toOutcome({
    title: cell('Title'),
    author: cell('Authors', 'Author'),
    isbns: /^[\d\s-]{9,}[\dXx]$/.test(id) ? [id] : [],
    publicationDate: '',
    addedAt: cell('Date Added'),
  })
}
