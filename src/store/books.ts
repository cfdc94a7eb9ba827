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
  /** YYYY-MM-DD. */
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
 * the measurements). Two steps, each bounded:
 * 1. titles that start with what was typed, alphabetically: a range scan of the
 *    books_title_prefix index that stops after `limit` rows. One or two characters
 *    stop here (the trigram index needs three).
 * 2. if that did not fill the screen: books whose title or author contain every word
 *    (any case), or whose ISBN starts with the digits typed, served by the trigram
 *    index on search_text and the isbn index, ranked by how many words of the query
 *    start a word, then shorter titles. Only the first SEARCH_CANDIDATES matches are
 *    ranked, so a common word costs the same as a rare one; a query that matches more
 *    than that is one the user is still typing.
 */
export async function searchBooks(knex: Knex, query: string, limit: number, scope: SearchScope = {}): Promise<Book[]> {
  // What the database cannot take (a NUL typed in the picker) matches nothing.
  if (textProblem(query, QUERY_LIMIT)) return []
  const text = query.trim().toLowerCase()
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
    .whereRaw(`lower(title) collate "C" like ?`, [`${escapeLike(text)}%`])
    .orderByRaw(`lower(title) collate "C", id`)
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

/** The "did you mean" for free text that matched nothing: the closest titles. */
export async function similarTitles(knex: Knex, text: string, limit = 3): Promise<string[]> {
  return knex('books')
    .whereRaw('search_text % ?', [text.toLowerCase()])
    .orderByRaw('similarity(search_text, ?) desc', [text.toLowerCase()])
    .limit(limit)
    .pluck('title')
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
  const exact = candidates.filter((book) => book.title.toLowerCase() === ref.text.toLowerCase())
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

/** The oldest book with this title and author, case and whitespace ignored (an import's rule 2). */
export async function findBookByTitleAuthor(knex: Knex, title: string, author: string | null): Promise<Book | undefined> {
  const row: BookRow | undefined = await knex('books')
    .first(BOOK_COLUMNS)
    .whereRaw(`${matchKey('title', 'author')} = ${matchKey('?::text', '?::text')}`, [title, author])
    .orderBy(['created_at', 'id'])
  return row && toBook(row)
}

function sameBookError(book: Book): StoreError {
  return storeError({ kind: 'same-book', id: book.id, title: book.title, author: book.author })
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

/**
 * How many books searchBooks could find for the query (the same words, ISBN prefixes
 * and title starts), for "and N more (--limit)" and the picker's "N more". Counted in
 * the database, never by loading the rows.
 */
export async function countMatches(knex: Knex, query: string, scope: SearchScope = {}): Promise<number> {
  if (textProblem(query, QUERY_LIMIT)) return 0
  const text = query.trim().toLowerCase()
  const words = text.split(/\s+/).filter(Boolean)
  const builder = knex('books')
  if (scope.wishlistId) {
    builder.whereIn('id', knex('wishlist_entries').select('book_id').where({ wishlist_id: scope.wishlistId }))
  }
  if (words.length > 0) {
    const starts = [`lower(title) collate "C" like ?`, [`${escapeLike(text)}%`]] as const
    if (text.length < 3) builder.whereRaw(...starts)
    else {
      const isbnRanges = isbnPrefixes(text).map((prefix) => [prefix.padEnd(13, '0'), prefix.padEnd(13, '9')])
      builder.where((where) => {
        where.whereRaw(...starts)
        where.orWhere((all) => {
          for (const word of words) all.whereRaw('search_text like ?', [`%${escapeLike(word)}%`])
        })
        for (const range of isbnRanges) where.orWhereBetween('isbn', range as [string, string])
      })
    }
  }
  const [row] = await builder.count({ count: '*' })
  return Number(row?.count ?? 0)
}
