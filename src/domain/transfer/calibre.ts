import { dateOnly } from './hardcover.js'
import type { Cells, SourceRow } from './rows.js'

/**
 * calibre's `calibredb catalog FILE.csv` (21 columns: authors, author_sort, rating,
 * library_name, timestamp, formats, size, isbn, identifiers, comments, tags, series,
 * series_index, languages, title, cover, title_sort, publisher, pubdate, id, uuid).
 * Authors are joined by " & "; identifiers are "goodreads:39077187,isbn:9780756411800";
 * calibre writes 0101-01-01 for an unknown date. A library has no shelves.
 */
export function isCalibreHeader(header: string[]): boolean {
  return header.includes('author_sort') && header.includes('identifiers') && header.includes('title')
}

export function calibreRow(cell: Cells): SourceRow {
  const identifiers = cell('identifiers')
    .split(',')
    .map((pair) => /^\s*isbn:(.*)$/i.exec(pair)?.[1] ?? '')
  const pubdate = dateOnly(cell('pubdate'))
  return {
    raw: {
      title: cell('title'),
      author: cell('authors')
        .split('&')
        .map((name) => name.trim())
        .filter(Boolean)
        .join(', '),
      isbns: [cell('isbn'), ...identifiers],
      publicationDate: pubdate.startsWith('0101-') ? '' : pubdate,
      addedAt: cell('timestamp'),
      authorSort: cell('author_sort'),
    },
    shelves: [],
  }
}
