import type { Knex } from 'knex'
import { type Book, type BookRow, toBook } from './books.js'
import { NotFoundError } from '../errors.js'
import { isForeignKeyViolation, pgErrorDetail } from './pg-errors.js'
import { type Wishlist, listVanished } from './wishlists.js'

export interface Entry {
  book: Book
  addedAt: Date
}

export type EntrySort = 'title' | 'author' | 'added' | 'published'

const ORDER: Record<EntrySort, string> = {
  title: 'lower(b.title), b.id',
  author: 'lower(b.author) nulls last, lower(b.title), b.id',
  added: 'e.added_at, b.id',
  // ISO text sorts as the dates do; a year comes before every day in it (domain/date.ts).
  published: 'b.publication_date collate "C" nulls last, lower(b.title), b.id',
}

/** The books on a list, in one query (served by the entries' primary key). */
export async function listEntries(
  knex: Knex,
  wishlistId: string,
  options: { sort?: EntrySort; limit?: number } = {},
): Promise<Entry[]> {
  const query = knex('wishlist_entries as e')
    .join('books as b', 'b.id', 'e.book_id')
    .where('e.wishlist_id', wishlistId)
    .select('b.id', 'b.title', 'b.author', 'b.isbn', 'b.publication_date', 'b.created_at', 'e.added_at')
    .orderByRaw(ORDER[options.sort ?? 'added'])
  if (options.limit !== undefined) query.limit(options.limit)
  const rows: (BookRow & { added_at: Date })[] = await query
  return rows.map((row) => ({ book: toBook(row), addedAt: row.added_at }))
}

/**
 * Puts books on lists. Returns, for each (book, list) pair in order, whether it was
 * added (false: it was already there). One statement for all pairs. A list or book
 * that another command deleted since it was looked up is a NotFoundError, and the
 * statement adds nothing.
 */
export async function addEntries(knex: Knex, pairs: { list: Wishlist; bookId: string }[]): Promise<boolean[]> {
  if (pairs.length === 0) return []
  const inserted: { wishlist_id: string; book_id: string }[] = await knex('wishlist_entries')
    .insert(pairs.map(({ list, bookId }) => ({ wishlist_id: list.id, user_id: list.userId, book_id: bookId })))
    .onConflict(['wishlist_id', 'book_id'])
    .ignore()
    .returning(['wishlist_id', 'book_id'])
    .catch((error: unknown) => {
      throw isForeignKeyViolation(error) ? vanished(error, pairs) : error
    })
  const added = new Set(inserted.map((row) => `${row.wishlist_id}/${row.book_id}`))
  return pairs.map(({ list, bookId }) => added.has(`${list.id}/${bookId}`))
}

/** Takes books off a list; returns, per book in order, whether it was there. */
export async function removeEntries(knex: Knex, wishlistId: string, bookIds: string[]): Promise<boolean[]> {
  if (bookIds.length === 0) return []
  const removed: string[] = await knex('wishlist_entries')
    .where({ wishlist_id: wishlistId })
    .whereIn('book_id', bookIds)
    .del()
    .returning('book_id')
    .then((rows: { book_id: string }[]) => rows.map((row) => row.book_id))
  const gone = new Set(removed)
  return bookIds.map((id) => gone.has(id))
}

/** Which of these books are already on the list (the picker marks them). */
export async function booksOnList(knex: Knex, wishlistId: string, bookIds: string[]): Promise<Set<string>> {
  if (bookIds.length === 0) return new Set()
  const ids: string[] = await knex('wishlist_entries')
    .where({ wishlist_id: wishlistId })
    .whereIn('book_id', bookIds)
    .pluck('book_id')
  return new Set(ids)
}

/** Which of the pairs' lists or books had gone, from the violation's detail (it names the key). */
function vanished(error: unknown, pairs: { list: Wishlist; bookId: string }[]): NotFoundError {
  const detail = pgErrorDetail(error)
  const list = pairs.find((pair) => detail.includes(pair.list.id))?.list
  if (list) return listVanished(list.name)
  return new NotFoundError('A book was deleted from the catalogue meanwhile; nothing was added.', 'Search the catalogue with `wishlist books QUERY`.')
}

/** How many entries, and of how many users, match (`books remove`, `users remove`). */
export async function countEntries(
  knex: Knex,
  where: { bookId?: string; userId?: string; exceptUserId?: string },
): Promise<{ entries: number; users: number }> {
  const query = knex('wishlist_entries')
  if (where.bookId) query.where({ book_id: where.bookId })
  if (where.userId) query.where({ user_id: where.userId })
  if (where.exceptUserId) query.whereNot({ user_id: where.exceptUserId })
  const [row] = await query.select(knex.raw('count(*) as entries, count(distinct user_id) as users'))
  return { entries: Number(row?.entries ?? 0), users: Number(row?.users ?? 0) }
}
