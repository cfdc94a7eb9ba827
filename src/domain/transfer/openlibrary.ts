import type { Cells, SourceRow } from './rows.js'

/**
 * Open Library's reading-log export (My Books > Export, "OpenLibrary_ReadingLog.csv",
 * 15 columns: Work ID, Title, Authors, First Publish Year, Edition ID, Edition Count,
 * Bookshelf, My Ratings, Ratings Average, Ratings Count, Has Ebook, Subjects, Subject
 * People, Subject Places, Subject Times). Authors are joined by " | "; Bookshelf is
 * "Want to Read", "Currently Reading" or "Already Read". It has no ISBN: rows match
 * by title and author.
 */
export function isOpenlibraryHeader(header: string[]): boolean {
  return header.includes('work id') && header.includes('bookshelf')
}

export function openlibraryRow(cell: Cells): SourceRow {
  const shelf = cell('Bookshelf').trim()
  return {
    raw: {
      title: cell('Title'),
      author: cell('Authors')
        .split('|')
        .map((name) => name.trim())
        .filter(Boolean)
        .join(', '),
      isbns: [],
      publicationDate: cell('First Publish Year'),
      addedAt: '',
    },
    shelves: shelf ? [{ name: shelf, position: null }] : [],
  }
}
