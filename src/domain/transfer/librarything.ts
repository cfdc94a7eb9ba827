import type { Cells, Shelf, SourceRow } from './rows.js'

/**
 * LibraryThing's export (More > Export), two forms.
 *
 * The tab-separated one (49 columns: Book Id, Title, Sort Character, Primary Author,
 * ..., ISBN, ISBNs, ..., Collections, ..., Entry Date, ...): some values in
 * [brackets] ("[2070291340]", "[2006-08-09]"), "ISBNs" a comma list ("2070291340,
 * 9782070291342"), authors "Last, First", and often ISO-8859-1 rather than UTF-8
 * (read-input.ts decides from the bytes). Its cells are never quoted.
 */
export function isLibrarythingHeader(header: string[]): boolean {
  return header.includes('primary author') && (header.includes('isbns') || header.includes('collections'))
}

export function librarythingRow(raw: Cells): SourceRow {
  const cell: Cells = (...names) => unbracket(raw(...names))
  return {
    raw: {
      title: cell('Title'),
      author: [firstLast(cell('Primary Author')), firstLast(cell('Secondary Author'))].filter(Boolean).join(', '),
      isbns: [...cell('ISBNs').split(','), cell('ISBN')],
      publicationDate: yearOf(cell('Date')),
      addedAt: cell('Entry Date', 'Acquired'),
      note: cell('Private Comment'),
      authorSort: cell('Primary Author').includes(',') ? cell('Primary Author') : '',
    },
    shelves: collections(cell('Collections').split(',')),
  }
}

/**
 * The JSON one: an object keyed by book id, each book an object whose "isbn" is an
 * array (["0618640150"]), an object ({"0": "0618640150", "2": "9780618640157"}) or a
 * string, and whose "collections" are likewise an array, an object or a string.
 */
export function librarythingJsonRow(item: unknown): SourceRow {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return { skip: 'not a book object' }
  const book = item as Record<string, unknown>
  const authors = Array.isArray(book['authors']) ? (book['authors'] as unknown[]) : []
  const firstAuthor = authors.find((author) => author && typeof author === 'object') as Record<string, unknown> | undefined
  const author = text(book['primaryauthor']) ? firstLast(text(book['primaryauthor'])) : text(firstAuthor?.['fl']) || firstLast(text(firstAuthor?.['lf']))
  return {
    raw: {
      title: text(book['title']),
      author,
      isbns: [...values(book['isbn']), ...values(book['ean'])],
      publicationDate: yearOf(text(book['date'])),
      addedAt: text(book['entrydate']),
      note: text(book['privatecomment']),
    },
    shelves: collections(values(book['collections'])),
  }
}

/** The strings of a value that may be one, an array of them, or an object of them. */
function values(value: unknown): string[] {
  if (typeof value === 'string' || typeof value === 'number') return String(value).split(',')
  if (Array.isArray(value)) return value.flatMap(values)
  if (value && typeof value === 'object') return Object.values(value).flatMap(values)
  return []
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

function collections(names: string[]): Shelf[] {
  const trimmed = names.map((name) => name.trim()).filter(Boolean)
  return [...new Set(trimmed)].map((name) => ({ name, position: null }))
}

/** "[2006-08-09]" -> "2006-08-09". */
function unbracket(value: string): string {
  const match = /^\s*\[(.*)\]\s*$/.exec(value)
  return match ? match[1]! : value
}

/** "Cortazar, Julio" -> "Julio Cortazar"; anything else as it is. */
export function firstLast(name: string): string {
  const parts = name.split(',')
  if (parts.length !== 2) return name.trim()
  return `${parts[1]!.trim()} ${parts[0]!.trim()}`.trim()
}

/** LibraryThing's "Date" is a year, sometimes with text around it ("c1979", "1979?"). */
function yearOf(value: string): string {
  const match = /\b(\d{4})\b/.exec(value)
  return match ? match[1]! : value
}
