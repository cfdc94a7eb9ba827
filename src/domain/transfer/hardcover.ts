import type { Cells, Shelf, SourceRow } from './rows.js'

/**
 * Hardcover's CSV export (37 columns). What it reads: Title, Author (or Authors),
 * ISBN-13 / ISBN-10 (ASINs are another column and are not ISBNs), Release Date,
 * Date Added, Private Notes, Status ("Want to Read", "Currently Reading", "Read",
 * "Did Not Finish") and Lists ("Owned, Reading List (#19)": each list, with the
 * book's place on it when given). Series ("Hyperion Cantos (#1.0)") is not a list.
 */
export function isHardcoverHeader(header: string[]): boolean {
  return header.includes('title') && header.includes('status') && header.includes('lists')
}

export function hardcoverRow(cell: Cells): SourceRow {
  const shelves: Shelf[] = []
  const status = cell('Status').trim()
  if (status) shelves.push({ name: status, position: null })
  for (const part of cell('Lists').split(',')) {
    const match = /^\s*(.*?)\s*(?:\(#(\d+)\))?\s*$/.exec(part)!
    const name = match[1]!
    if (name && !shelves.some((shelf) => shelf.name.toLowerCase() === name.toLowerCase())) {
      shelves.push({ name, position: match[2] === undefined ? null : Number(match[2]) })
    }
  }
  return {
    raw: {
      title: cell('Title'),
      author: cell('Author', 'Authors', 'Contributors'),
      isbns: [cell('ISBN-13', 'ISBN 13', 'ISBN13', 'isbn_13'), cell('ISBN-10', 'ISBN 10', 'ISBN10', 'isbn_10', 'ISBN')],
      publicationDate: dateOnly(cell('Release Date', 'Publication Date', 'Original Publication Date')),
      addedAt: cell('Date Added', 'Added'),
      note: cell('Private Notes', 'Notes'),
    },
    shelves,
  }
}

/** "2011-02-22T00:00:00Z" or "2011-02-22" -> "2011-02-22". */
export function dateOnly(value: string): string {
  const match = /^\s*(\d{4}-\d{2}-\d{2})[T ]/.exec(value)
  return match ? match[1]! : value
}
