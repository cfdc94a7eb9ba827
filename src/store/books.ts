import type { Knex } from 'knex'
import type { BookRef } from '../domain/book-ref.js'
import { isbnDigits, normalizeIsbn } from '../domain/isbn.js'
import { QUERY_LIMIT, textProblem } from '../domain/limits.js'
import { type StoreError, storeError } from './errors.js'
import { bookIdsOnList } from './entries.js'
import { matchKey } from './imports.js'
import { isUniqueViolation } from './pg-errors.js'

export interface Book {
  id: string
  title: string
  author: string | null
  /** Normalised ISBN-13 digits. */
  isbn: string | null
  /** ISO 8601 with the precision it was given: YYYY, YYYY-MM or YYYY-MM-DD (src/domain/date.ts). */
  publicationDate: string | null
  createdAt: Date
}

export interface BookRow {
  id: string
  title: string
  author: string | null
  isbn: string | null
  publication_date: string | null
  created_at: Date
}

export const BOOK_COLUMNS = ['id', 'title', 'author', 'isbn', 'publication_date', 'created_at'] as const

export const toBook = (row: BookRow): Book => ({
  id: row.id,
  title: row.title,
  author: row.author,
  isbn: row.isbn,
  publicationDate: row.publication_date,
  createdAt: row.created_at,
})

export async function findBookById(knex: Knex, id: string): Promise<Book | undefined> {
  const row: BookRow | undefined = await knex('books').first(BOOK_COLUMNS).where({ id })
  return row && toBook(row)
}

export async function findBookByIsbn(knex: Knex, isbn: string): Promise<Book | undefined> {
  const row: BookRow | undefined = await knex('books').first(BOOK_COLUMNS).where({ isbn })
  return row && toBook(row)
}

/** The books with these ISBN-13s, by ISBN; one query. */
export async function findBooksByIsbns(knex: Knex, isbns: string[]): Promise<Map<string, Book>> {
  const rows: BookRow[] = await knex('books').select(BOOK_COLUMNS).whereIn('isbn', isbns)
  return new Map(rows.map((row) => [row.isbn!, toBook(row)]))
}

/**
 * The book with this ISBN, created when there is none (`add` of a book found online):
 * another command that created it meanwhile wins, and this one uses its book.
 */
export async function ensureBookByIsbn(knex: Knex, book: NewBook & { isbn: string }): Promise<{ book: Book; created: boolean }> {
  const [row]: BookRow[] = await knex('books')
    .insert({ title: book.title, author: book.author ?? null, isbn: book.isbn, publication_date: book.publicationDate ?? null })
    .onConflict('isbn')
    .ignore()
    .returning(BOOK_COLUMNS)
  if (row) return { book: toBook(row), created: true }
  const existing = await findBookByIsbn(knex, book.isbn)
  if (!existing) throw storeError({ kind: 'book-vanished', isbn: book.isbn })
  return { book: existing, created: false }
}

/** Where a search looks, besides the whole catalogue. */
export interface SearchScope {
  /** Only books on this list (the remove picker). */
  wishlistId?: string
}

/** How many matching books the second step of a search ranks, at most. */
export const SEARCH_CANDIDATES = 2000

/**
 * Books matching a search as it is typed, best first, at most `limit`; fit to run on
 * every keystroke of the picker however large the catalogue (docs/interactive.md has
 * the measurements). Accents and case are ignored ("gomez" finds Gómez): the
 * indexed texts and the query are folded alike (foldText). Two steps, each bounded:
 * 1. titles that start with what was typed, alphabetically: a range scan of the
 *    books_title_prefix index that stops after `limit` rows. One or two characters
 *    stop here (the trigram index needs three).
 * 2. if that did not fill the screen: books whose title or author contain every word
 *    (any case, any accents), or whose ISBN starts with the digits typed, served by the trigram
 *    index on search_text and the isbn index, ranked by how many words of the query
 *    start a word, then shorter titles. Only the first SEARCH_CANDIDATES matches are
 *    ranked, so a common word costs the same as a rare one; a query that matches more
 *    than that is one the user is still typing.
 */
export async function searchBooks(knex: Knex, query: string, limit: number, scope: SearchScope = {}): Promise<Book[]> {
  // What the database cannot take (a NUL typed in the picker) matches nothing.
  if (textProblem(query, QUERY_LIMIT)) return []
  const text = await foldText(knex, query.trim())
  const words = text.split(/\s+/).filter(Boolean)
  const books = () => {
    const builder = knex('books')
    if (scope.wishlistId) {
      builder.whereIn('id', bookIdsOnList(knex, scope.wishlistId))
    }
    return builder
  }
  if (words.length === 0) return (await books().select(BOOK_COLUMNS).orderBy(['title', 'id']).limit(limit)).map(toBook)

  // Written exactly as the index expression, so the planner uses the index.
  const starts: BookRow[] = await books()
    .select(BOOK_COLUMNS)
    .whereRaw(`wishlist_fold(title) collate "C" like ?`, [`${escapeLike(text)}%`])
    .orderByRaw(`wishlist_fold(title) collate "C", id`)
    .limit(limit)
  if (starts.length === limit || text.length < 3) return starts.map(toBook)

  const isbnRanges = isbnPrefixes(text).map((prefix) => [prefix.padEnd(13, '0'), prefix.padEnd(13, '9')])
  const candidates = books()
    .select([...BOOK_COLUMNS, 'search_text'])
    .whereNotIn('id', starts.map((row) => row.id))
    .where((where) => {
      where.where((all) => {
        for (const word of words) all.whereRaw('search_text like ?', [`%${escapeLike(word)}%`])
      })
      // ISBNs are exactly 13 digits (a check constraint), so a prefix is a range the
      // btree index serves whatever the collation, where `like 'p%'` would need C.
      for (const range of isbnRanges) where.orWhereBetween('isbn', range as [string, string])
    })
    .limit(SEARCH_CANDIDATES)
  const wordStarts = words.map(() => '(search_text like ? or search_text like ?)::int').join(' + ')
  const rest: BookRow[] = await knex
    .select(BOOK_COLUMNS)
    .from(candidates.as('candidates'))
    .orderByRaw(`${wordStarts} desc, length(title), lower(title), id`, [
      ...words.flatMap((word) => [`${escapeLike(word)}%`, `% ${escapeLike(word)}%`]),
    ])
    .limit(limit - starts.length)
  return [...starts, ...rest].map(toBook)
}

/**
 * The ISBN-13 prefixes a typed term could be the start of: the digits themselves, and
 * for up to 9 digits also 978 + them (an ISBN-10 keeps its first 9 digits in its
 * ISBN-13). A complete valid ISBN gives just its normalised self.
 */
export function isbnPrefixes(term: string): string[] {
  const digits = isbnDigits(term)
  if (!/^\d{3,}X?$/.test(digits)) return []
  const whole = normalizeIsbn(digits)
  if (whole) return [whole]
  if (!/^\d{3,13}$/.test(digits)) return []
  return digits.length <= 9 ? [digits, `978${digits}`] : [digits]
}

/**
 * Text folded as the search indexes fold theirs (wishlist_fold: accents removed by
 * unaccent's rules, then lower case; migration 20261202000011), so that it can be
 * matched against them. Plain ASCII, which unaccent leaves alone, is only lower-cased
 * here; anything else is folded by the database, by the very rules the index used
 * (one round trip).
 */
export async function foldText(knex: Knex, text: string): Promise<string> {
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase()
  const { rows } = await knex.raw('select wishlist_fold(?::text) as folded', [text])
  return rows[0].folded
}

/** The "did you mean" for free text that matched nothing: the closest titles. */
export async function similarTitles(knex: Knex, text: string, limit = 3): Promise<string[]> {
  const folded = await foldText(knex, text)
  return knex('books')
    .whereRaw('search_text % ?', [folded])
    .orderByRaw('similarity(search_text, ?) desc', [folded])
    .limit(limit)
    .pluck('title')
}

/**
 * Whether a typed text is a title exactly, case and accents aside ("poncia vicencio"
 * is "Ponciá Vicêncio"): the tie-break among a search's matches. Decomposition is
 * enough here, the matches having already been found by the database's folding.
 */
export function sameTitle(title: string, text: string): boolean {
  const fold = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
  return fold(title) === fold(text.trim())
}

export type BookMatch = { book: Book } | { candidates: Book[] }

/** How many candidates an ambiguous free-text BOOK lists. */
export const CANDIDATE_LIMIT = 10

/**
 * Finds the book a BOOK argument names: by id, by ISBN, or by free text (one match
 * selects it; several are returned as candidates for the caller to ask or fail).
 */
export async function matchBook(knex: Knex, ref: BookRef): Promise<BookMatch> {
  if (ref.kind === 'id' || ref.kind === 'isbn') {
    const book = ref.kind === 'id' ? await findBookById(knex, ref.id) : await findBookByIsbn(knex, ref.isbn)
    if (!book) throw storeError({ kind: 'no-book', by: ref.kind === 'id' ? 'id' : 'ISBN', ref: ref.input.trim() })
    return { book }
  }
  const candidates = await searchBooks(knex, ref.text, CANDIDATE_LIMIT + 1)
  if (candidates.length === 1) return { book: candidates[0]! }
  // An exact title among several matches is what was meant ("Dune" vs "Dune Messiah").
  const exact = candidates.filter((book) => sameTitle(book.title, ref.text))
  if (exact.length === 1) return { book: exact[0]! }
  if (candidates.length === 0) {
    throw storeError({ kind: 'no-book-match', text: ref.text, similar: await similarTitles(knex, ref.text) })
  }
  return { candidates }
}

export interface NewBook {
  title: string
  author?: string | null
  isbn?: string | null
  publicationDate?: string | null
}

/**
 * Adds a book to the catalogue. A book without ISBN whose title and author match one
 * already there (case and whitespace ignored, as an import matches) is that book: a
 * conflict naming it. The unique index books_match_key makes that hold when two
 * commands add the same book at once.
 */
export async function addBook(knex: Knex, book: NewBook): Promise<Book> {
  const title = book.title.trim()
  const author = book.author?.trim() || null
  if (!book.isbn) {
    const same = await findBookByTitleAuthor(knex, title, author)
    if (same) throw sameBookError(same)
  }
  try {
    const [row] = await knex('books')
      .insert({ title, author, isbn: book.isbn ?? null, publication_date: book.publicationDate ?? null })
      .returning(BOOK_COLUMNS)
    return toBook(row)
  } catch (error) {
    if (isUniqueViolation(error, 'books_match_key')) {
      const same = await findBookByTitleAuthor(knex, title, author)
      if (same) throw sameBookError(same)
    }
    if (isUniqueViolation(error)) throw storeError({ kind: 'isbn-taken', isbn: book.isbn })
    throw error
  }
}

/**
 * The oldest book with this title and author, case and whitespace ignored (an
 * import's rule 2), other than `exceptId` (the book being edited).
 */
export async function findBookByTitleAuthor(knex: Knex, title: string, author: string | null, exceptId?: string): Promise<Book | undefined> {
  const query = knex('books')
    .first(BOOK_COLUMNS)
    .whereRaw(`${matchKey('title', 'author')} = ${matchKey('?::text', '?::text')}`, [title, author])
    .orderBy(['created_at', 'id'])
  if (exceptId) query.whereNot({ id: exceptId })
  const row: BookRow | undefined = await query
  return row && toBook(row)
}

function sameBookError(book: Book): StoreError {
  return storeError({ kind: 'same-book', id: book.id, title: book.title, author: book.author })
}

/** What `books edit` changes; an absent field stays, null clears it (never the title). */
export interface BookChanges {
  title?: string
  author?: string | null
  isbn?: string | null
  publicationDate?: string | null
}

/**
 * Fixes a book in place: it keeps its id, so it stays on every list that holds it.
 * The same conflicts as addBook: another book with the ISBN, or, for a book left
 * without an ISBN, another book with its title and author (the unique indexes make
 * both hold when two commands edit at once).
 */
export async function updateBook(knex: Knex, book: Book, changes: BookChanges): Promise<Book> {
  const title = (changes.title ?? book.title).trim()
  const author = changes.author === undefined ? book.author : changes.author?.trim() || null
  const isbn = changes.isbn === undefined ? book.isbn : changes.isbn
  // Checked first for a message naming the other book; the indexes decide races.
  if (isbn && isbn !== book.isbn) {
    const holder = await findBookByIsbn(knex, isbn)
    if (holder && holder.id !== book.id) throw isbnTakenError(isbn, holder)
  }
  // Only what changes is checked: fixing the date of a book is never refused because
  // of its title.
  const keyChanges = changes.title !== undefined || changes.author !== undefined || (book.isbn !== null && !isbn)
  if (!isbn && keyChanges) {
    const same = await findBookByTitleAuthor(knex, title, author, book.id)
    if (same) throw sameBookError(same)
  }
  const publicationDate = changes.publicationDate === undefined ? book.publicationDate : changes.publicationDate
  try {
    const [row]: BookRow[] = await knex('books')
      .where({ id: book.id })
      .update({ title, author, isbn, publication_date: publicationDate })
      .returning(BOOK_COLUMNS)
    if (!row) throw storeError({ kind: 'book-vanished', title: book.title })
    return toBook(row)
  } catch (error) {
    if (isUniqueViolation(error, 'books_match_key')) {
      const same = await findBookByTitleAuthor(knex, title, author, book.id)
      if (same) throw sameBookError(same)
    }
    if (isUniqueViolation(error)) throw isbnTakenError(isbn!, isbn ? await findBookByIsbn(knex, isbn) : undefined)
    throw error
  }
}

function isbnTakenError(isbn: string, holder: Book | undefined): StoreError {
  return storeError({ kind: 'isbn-taken', isbn, holder: holder && { id: holder.id, title: holder.title } })
}

/** Deletes a book; its entries on every list go with it. */
export async function removeBook(knex: Knex, book: Book): Promise<void> {
  const deleted: unknown[] = await knex('books').where({ id: book.id }).del().returning('id')
  // Another command deleted it since it was looked up.
  if (deleted.length === 0) throw storeError({ kind: 'book-vanished', title: book.title })
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`)
}
