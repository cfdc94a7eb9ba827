import type { Knex } from 'knex'
import { type Book, type BookRow, toBook } from './books.js'
import { type StoreError, storeError } from './errors.js'
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
function vanished(error: unknown, pairs: { list: Wishlist; bookId: string }[]): StoreError {
  const detail = pgErrorDetail(error)
  const list = pairs.find((pair) => detail.includes(pair.list.id))?.list
  if (list) return listVanished(list.name)
  return storeError({ kind: 'book-vanished' })
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

/** The ids of the books on a list, as a subquery (the picker searches within a list). */
export function bookIdsOnList(knex: Knex, wishlistId: string): Knex.QueryBuilder {
  return knex('wishlist_entries').select('book_id').where({ wishlist_id: wishlistId })
}

/** A column counting the books on the list whose id is in `listColumn` (`lists`). */
export function bookCountColumn(knex: Knex, listColumn: string, as: string): Knex.Raw {
  return knex.raw(`(select count(*) from wishlist_entries e where e.wishlist_id = ??) as ??`, [listColumn, as])
}

/** How many books are on a list (`lists delete` says it before deleting). */
export async function bookCount(knex: Knex, wishlistId: string): Promise<number> {
  const [row] = await knex('wishlist_entries').where({ wishlist_id: wishlistId }).count({ count: '*' })
  return Number(row?.count ?? 0)
}

/**
 * Puts the books of a staged table (columns book_id, added_at) on a list, one entry
 * per book (the earliest added_at, else now); books already there stay as they are.
 * Returns how many entries were added. A list deleted meanwhile is a NotFoundError.
 */
export async function addEntriesFromTable(trx: Knex.Transaction, list: Wishlist, table: string): Promise<number> {
  const entries = await trx
    .raw(
      `insert into wishlist_entries (wishlist_id, user_id, book_id, added_at)
     select ?, ?, book_id, coalesce(min(added_at), now()) from ?? group by book_id
     -- In key order, the entries' indexes and the foreign-key checks on books walk
     -- their b-trees in order instead of at random.
     order by book_id
     on conflict (wishlist_id, book_id) do nothing`,
      [list.id, list.userId, table],
    )
    .catch((error: unknown) => {
      // The list was deleted by another command after the import found it.
      throw isForeignKeyViolation(error) ? listVanished(list.name) : error
    })
  return entries.rowCount ?? 0
}

export interface Holder {
  wishlistId: string
  name: string
  userId: string
  email: string
  addedAt: Date
}

/**
 * The wishlists of one user that hold a book, with their owner (`books show`). Other
 * users' lists are only counted (countEntries) until lists have
 * permissions of their own.
 */
export async function listsHoldingBook(knex: Knex, bookId: string, userId: string): Promise<Holder[]> {
  const rows = await knex('wishlist_entries as e')
    .join('wishlists as w', 'w.id', 'e.wishlist_id')
    .join('users as u', 'u.id', 'e.user_id')
    .where('e.book_id', bookId)
    .where('e.user_id', userId)
    .select('w.id as wishlist_id', 'w.name', 'u.id as user_id', 'u.email', 'e.added_at')
    .orderBy([{ column: 'u.email' }, { column: 'w.name' }])
  return rows.map((row) => ({
    wishlistId: row.wishlist_id,
    name: row.name,
    userId: row.user_id,
    email: row.email,
    addedAt: row.added_at,
  }))
}
