import type { CatalogueHit } from '../catalogue/open-library.js'
import type { Book } from '../store/books.js'
import type { Entry } from '../store/entries.js'
import type { Wishlist } from '../store/wishlists.js'
import { humanizeTime } from './dates.js'
import type { Column } from './render.js'
import { safeText } from './safe-text.js'

/** A book in --json output (SPEC "Output"), the shape `books`, `show` and export share. */
export function bookJson(book: Book) {
  return {
    id: book.id,
    title: book.title,
    author: book.author,
    isbn: book.isbn,
    publication_date: book.publicationDate,
  }
}

/**
 * A book found online that the catalogue does not have (`books --online --json`): the
 * keys of a catalogue book (no id yet; publication_date is the work's first year),
 * then where it comes from. `wishlist add` takes its isbn.
 */
export function hitJson(hit: CatalogueHit) {
  return {
    id: null,
    title: hit.title,
    author: hit.authors,
    isbn: hit.isbn13,
    publication_date: hit.firstPublishYear === null ? null : String(hit.firstPublishYear).padStart(4, '0'),
    in_catalogue: false,
    source: 'openlibrary',
    key: hit.key,
  }
}

/** How a result of the online catalogue is marked in tables and the picker. */
export const ONLINE_MARK = '· Open Library'

export function entryJson(entry: Entry) {
  return {
    ...bookJson(entry.book),
    added_at: entry.addedAt.toISOString(),
    position: entry.position,
    priority: entry.priority,
    note: entry.note,
  }
}

/**
 * Columns of a book in tables and plain lines: id first so `cut -f1` gives ids. On a
 * narrow terminal the id goes first, then (for entries) the date added, then the ISBN;
 * title and author are cut last.
 */
export const bookColumns: Column<Book>[] = [
  { header: 'ID', plain: (book) => book.id, drop: 0 },
  { header: 'Title', plain: (book) => book.title, flex: true, minWidth: 10 },
  { header: 'Author', plain: (book) => book.author, flex: true },
  { header: 'ISBN', plain: (book) => book.isbn, drop: 3 },
  { header: 'Published', plain: (book) => book.publicationDate },
]

/**
 * `books --online`: the book columns, then where the book is. Books found online have
 * no id yet; their ISBN is what `wishlist add` takes.
 */
export const onlineColumns: Column<Book | CatalogueHit>[] = [
  { header: 'ID', plain: (row) => ('source' in row ? null : row.id), optional: true },
  { header: 'Title', plain: (row) => row.title, flex: true },
  { header: 'Author', plain: (row) => ('source' in row ? row.authors : row.author), flex: true },
  { header: 'ISBN', plain: (row) => ('source' in row ? row.isbn13 : row.isbn) },
  { header: 'Published', plain: (row) => ('source' in row ? (row.firstPublishYear === null ? null : String(row.firstPublishYear)) : row.publicationDate) },
  {
    header: 'Source',
    plain: (row) => ('source' in row ? row.source : 'catalogue'),
    pretty: (row) => ('source' in row ? ONLINE_MARK : 'catalogue'),
  },
]

export const entryColumns: Column<Entry>[] = [
  ...bookColumns.map(
    (column): Column<Entry> => ({
      ...column,
      plain: (entry) => column.plain(entry.book),
      pretty: column.pretty && ((entry) => column.pretty!(entry.book)),
    }),
  ),
  { header: 'Added', plain: (entry) => entry.addedAt.toISOString(), pretty: (entry) => humanizeTime(entry.addedAt), drop: 2 },
]

/** How much of a note a table shows; plain lines and JSON carry it whole. */
const NOTE_IN_TABLE = 40

/**
 * `show`'s columns. Plain lines keep the book columns first, as before entries had a
 * place, and append position, priority and note, so `cut -f1-6` scripts see what they
 * saw. A table leads with the place ("2 !" for high priority, "7 ↓" for low) and ends
 * with the notes when any entry has one.
 */
export function showColumns(entries: Entry[], table: boolean, color: { bold: (text: string) => string; dim: (text: string) => string }): Column<Entry>[] {
  if (!table) {
    return [
      ...entryColumns,
      { header: 'Position', plain: (entry) => entry.position },
      { header: 'Priority', plain: (entry) => entry.priority },
      { header: 'Note', plain: (entry) => entry.note },
    ]
  }
  const mark = { high: ` ${color.bold('!')}`, normal: '', low: ` ${color.dim('↓')}` }
  const place: Column<Entry> = {
    header: '#',
    plain: (entry) => entry.position,
    pretty: (entry) => `${entry.position}${mark[entry.priority]}`,
  }
  const note: Column<Entry> = {
    header: 'Note',
    plain: (entry) => entry.note,
    pretty: (entry) => cut(safeText(entry.note ?? ''), NOTE_IN_TABLE),
    flex: true,
  }
  return [place, ...entryColumns, ...(entries.some((entry) => entry.note) ? [note] : [])]
}

function cut(text: string, width: number): string {
  const characters = [...text]
  return characters.length > width ? `${characters.slice(0, width - 1).join('')}…` : text
}

/** A list with its books, as `show --json` and `export --format json` print it. */
export function wishlistJson(list: Wishlist, entries: Entry[]) {
  return { wishlist_id: list.id, name: list.name, user_id: list.userId, books: entries.map(entryJson) }
}
