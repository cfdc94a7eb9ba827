import type { Knex } from 'knex'
import { type Book, type BookRow, toBook } from './books.js'
import { type StoreError, storeError } from './errors.js'
import { isForeignKeyViolation, pgErrorDetail } from './pg-errors.js'
import { type Wishlist, listVanished } from './wishlists.js'

import { ENTRY_SORTS, type EntrySort, PRIORITIES, type Priority } from '../domain/entries.js'

export { ENTRY_SORTS, type EntrySort, PRIORITIES, type Priority }

export interface Entry {
  book: Book
  addedAt: Date
  /** The entry's place in the list's manual order, from 1 (not the stored key). */
  position: number
  priority: Priority
  note: string | null
}

/**
 * Entries' stored positions are spaced this far apart: a move takes a key between its
 * new neighbours, and only when they are adjacent are a few neighbours renumbered
 * (moveEntry). Must stay the GAP of migration 20261202000020.
 */
export const POSITION_GAP = 65536
/** After a local renumbering, neighbours are at least this far apart. */
const MIN_SPREAD = 256

// Sort keys, as SQL. A title without its leading article; the author's surname: the
// sort form when a source gave one ("Butler, Octavia E."), else the last word of the
// first author (authors are separated by ",", ";", "&" or "and").
const TITLE_KEY = `regexp_replace(lower(b.title), '^(the|an|a)\\s+', '')`
const FIRST_AUTHOR = `trim(regexp_replace(b.author, '\\s*(,|;|&|\\sand\\s).*$', ''))`
const AUTHOR_KEY = `lower(coalesce(b.author_sort, regexp_replace(${FIRST_AUTHOR}, '^.*\\s', '')))`
const PRIORITY_RANK = `(case e.priority when 'high' then 0 when 'normal' then 1 else 2 end)`

/** Each sort's terms; `nullsLast` keeps books without a value at the end (either way). */
const ORDER: Record<EntrySort, { sql: string; nullsLast?: boolean }[]> = {
  position: [{ sql: 'e.position' }],
  priority: [{ sql: PRIORITY_RANK }, { sql: 'e.position' }],
  title: [{ sql: TITLE_KEY }, { sql: 'lower(b.title)' }, { sql: 'b.id' }],
  author: [{ sql: AUTHOR_KEY, nullsLast: true }, { sql: 'lower(b.author)', nullsLast: true }, { sql: TITLE_KEY }, { sql: 'b.id' }],
  added: [{ sql: 'e.added_at' }, { sql: 'b.id' }],
  // ISO text sorts as the dates do; a year comes before every day in it (domain/date.ts).
  published: [{ sql: 'b.publication_date collate "C"', nullsLast: true }, { sql: TITLE_KEY }, { sql: 'b.id' }],
}

function orderBy(sort: EntrySort, reverse: boolean): string {
  return ORDER[sort]
    .map(({ sql, nullsLast }) => `${sql} ${reverse ? 'desc' : 'asc'}${nullsLast ? ' nulls last' : ''}`)
    .join(', ')
}

interface EntryRow extends BookRow {
  added_at: Date
  rank: number
  priority: Priority
  note: string | null
}

/**
 * The books on a list, in one query: by manual position unless another sort is asked
 * for, each with its place in the manual order (a window over the list's entries,
 * served by the (list, position) index).
 */
export async function listEntries(
  knex: Knex,
  wishlistId: string,
  options: { sort?: EntrySort; reverse?: boolean; limit?: number } = {},
): Promise<Entry[]> {
  const ranked = knex('wishlist_entries')
    .where('wishlist_id', wishlistId)
    .select('book_id', 'added_at', 'position', 'priority', 'note', knex.raw('row_number() over (order by position) as rank'))
    .as('e')
  const query = knex
    .from(ranked)
    .join('books as b', 'b.id', 'e.book_id')
    .select('b.id', 'b.title', 'b.author', 'b.isbn', 'b.publication_date', 'b.created_at', 'e.added_at', 'e.rank', 'e.priority', 'e.note')
    .orderByRaw(orderBy(options.sort ?? 'position', options.reverse ?? false))
  if (options.limit !== undefined) query.limit(options.limit)
  const rows: EntryRow[] = await query
  return rows.map((row) => ({
    book: toBook(row),
    addedAt: row.added_at,
    position: Number(row.rank),
    priority: row.priority,
    note: row.note,
  }))
}

/** Takes the lists' rows FOR UPDATE, in id order: whoever changes a list's order goes one at a time. */
async function lockLists(knex: Knex, listIds: string[]): Promise<Set<string>> {
  const ids: string[] = await knex('wishlists')
    .whereIn('id', [...new Set(listIds)].sort())
    .orderBy('id')
    .forUpdate()
    .pluck('id')
  return new Set(ids)
}

/** The first and last stored positions of each list (two index lookups each). */
async function listEnds(knex: Knex, listIds: string[]): Promise<Map<string, { first: number; last: number }>> {
  if (listIds.length === 0) return new Map()
  const { rows } = await knex.raw(
    `select l.id,
       (select min(position) from wishlist_entries where wishlist_id = l.id) as first,
       (select max(position) from wishlist_entries where wishlist_id = l.id) as last
     from unnest(?::uuid[]) as l(id)`,
    [listIds],
  )
  return new Map(
    rows.map((row: { id: string; first: number | null; last: number | null }) => [
      row.id,
      { first: Number(row.first ?? POSITION_GAP), last: Number(row.last ?? 0) },
    ]),
  )
}

export interface EntryFields {
  priority?: Priority
  /** null: no note. */
  note?: string | null
}

/**
 * Puts books on lists. Returns, for each (book, list) pair in order, whether it was
 * added (false: it was already there; its place, priority and note stay). New entries
 * go to the end of each list in the order given, or with `top` to its start, in that
 * order. One statement for all pairs, after the lists' rows are locked, so concurrent
 * adds queue instead of taking the same place. A list or book that another command
 * deleted since it was looked up is a NotFoundError, and the statement adds nothing.
 */
export async function addEntries(
  knex: Knex,
  pairs: { list: Wishlist; bookId: string }[],
  options: EntryFields & { top?: boolean } = {},
): Promise<boolean[]> {
  if (pairs.length === 0) return []
  const listIds = [...new Set(pairs.map((pair) => pair.list.id))]
  await lockLists(knex, listIds)
  const ends = await listEnds(knex, listIds)
  const perList = new Map<string, number>()
  for (const { list } of pairs) perList.set(list.id, (perList.get(list.id) ?? 0) + 1)
  const seen = new Map<string, number>()
  const rows = pairs.map(({ list, bookId }) => {
    const index = seen.get(list.id) ?? 0
    seen.set(list.id, index + 1)
    const end = ends.get(list.id) ?? { first: POSITION_GAP, last: 0 }
    const position = options.top
      ? end.first - POSITION_GAP * (perList.get(list.id)! - index)
      : end.last + POSITION_GAP * (index + 1)
    return {
      wishlist_id: list.id,
      user_id: list.userId,
      book_id: bookId,
      position,
      ...(options.priority ? { priority: options.priority } : {}),
      ...(options.note !== undefined ? { note: options.note } : {}),
    }
  })
  const inserted: { wishlist_id: string; book_id: string }[] = await knex('wishlist_entries')
    .insert(rows)
    .onConflict(['wishlist_id', 'user_id', 'book_id'])
    .ignore()
    .returning(['wishlist_id', 'book_id'])
    .catch((error: unknown) => {
      throw isForeignKeyViolation(error) ? vanished(error, pairs) : error
    })
  const added = new Set(inserted.map((row) => `${row.wishlist_id}/${row.book_id}`))
  return pairs.map(({ list, bookId }) => added.has(`${list.id}/${bookId}`))
}

/**
 * Changes an entry's priority and note (what is given); false when the book is not on
 * the list.
 */
export async function updateEntry(knex: Knex, wishlistId: string, bookId: string, fields: EntryFields): Promise<boolean> {
  const changes = {
    ...(fields.priority ? { priority: fields.priority } : {}),
    ...(fields.note !== undefined ? { note: fields.note } : {}),
  }
  if (Object.keys(changes).length === 0) return (await findEntry(knex, wishlistId, bookId)) !== undefined
  const updated: unknown[] = await knex('wishlist_entries')
    .where({ wishlist_id: wishlistId, book_id: bookId })
    .update(changes)
    .returning('book_id')
  return updated.length > 0
}

/** One entry of a list with its place in the manual order, or undefined. */
export async function findEntry(
  knex: Knex,
  wishlistId: string,
  bookId: string,
): Promise<{ position: number; priority: Priority; note: string | null } | undefined> {
  const row = await knex('wishlist_entries').first('position', 'priority', 'note').where({ wishlist_id: wishlistId, book_id: bookId })
  if (!row) return undefined
  return { position: await rankOf(knex, wishlistId, Number(row.position)), priority: row.priority, note: row.note }
}

/** The place (from 1) of a stored position in its list: counted on the (list, position) index. */
async function rankOf(knex: Knex, wishlistId: string, position: number): Promise<number> {
  const [row] = await knex('wishlist_entries').where('wishlist_id', wishlistId).where('position', '<=', position).count({ n: '*' })
  return Number(row?.n ?? 0)
}

/** Where `move` puts an entry. */
export type MoveTarget =
  | { top: true }
  | { bottom: true }
  | { before: string }
  | { after: string }
  /** A place from 1; beyond the end is the end. */
  | { to: number }

export interface MoveResult {
  /** Its place from 1 after the move. */
  position: number
  /** How many entries the list has. */
  of: number
  /** False when it was there already (nothing written). */
  moved: boolean
}

/**
 * Moves a book within a list's manual order. Must run in a transaction: the list's
 * row is locked FOR UPDATE first, so concurrent moves (and adds) of one list take
 * turns and each sees the order the one before left. Writes one row: a stored key
 * between the new neighbours (their midpoint), or, only when they are adjacent, also
 * the few following entries, spread out again up to the first gap wide enough. Its
 * place and the list's length are then counted on the index (O(place), index only). The
 * book, or the book of --before/--after, not on the list: a `no-entry` NotFoundError.
 */
export async function moveEntry(
  trx: Knex.Transaction,
  list: Wishlist,
  book: { id: string; title: string },
  target: MoveTarget,
  relative?: { id: string; title: string },
): Promise<MoveResult> {
  const locked = await lockLists(trx, [list.id])
  if (!locked.has(list.id)) throw listVanished(list.name)
  const entries = () => trx('wishlist_entries').where('wishlist_id', list.id).whereNot('book_id', book.id)
  const me = await trx('wishlist_entries').first('position').where({ wishlist_id: list.id, book_id: book.id })
  if (!me) throw storeError({ kind: 'no-entry', title: book.title, list: list.name })
  const mine = Number(me.position)
  const at = async (query: Knex.QueryBuilder): Promise<number | undefined> => {
    const row = await query.first('position')
    return row ? Number(row.position) : undefined
  }
  const first = () => at(entries().orderBy('position', 'asc'))
  const last = () => at(entries().orderBy('position', 'desc'))
  const before = (position: number) => at(entries().where('position', '<', position).orderBy('position', 'desc'))
  const after = (position: number) => at(entries().where('position', '>', position).orderBy('position', 'asc'))

  // The neighbours it goes between, in the order without it.
  let prev: number | undefined
  let next: number | undefined
  if ('top' in target) next = await first()
  else if ('bottom' in target) prev = await last()
  else if ('to' in target) {
    next = target.to <= 1 ? await first() : await at(entries().orderBy('position', 'asc').offset(target.to - 1))
    if (next === undefined) prev = await last()
    else if (target.to > 1) prev = await before(next)
  } else {
    const other = relative!
    const row = await trx('wishlist_entries').first('position').where({ wishlist_id: list.id, book_id: other.id })
    if (!row) throw storeError({ kind: 'no-entry', title: other.title, list: list.name })
    const position = Number(row.position)
    if ('before' in target) {
      next = position
      prev = await before(position)
    } else {
      prev = position
      next = await after(position)
    }
  }

  const inPlace = (prev === undefined || prev < mine) && (next === undefined || mine < next)
  let now = mine
  if (!inPlace) {
    if (prev === undefined) now = next! - POSITION_GAP
    else if (next === undefined) now = prev + POSITION_GAP
    else if (next - prev >= 2) now = prev + Math.floor((next - prev) / 2)
    if (prev !== undefined && next !== undefined && next - prev < 2) now = await spreadAfter(trx, list.id, book.id, prev)
    else await setPosition(trx, list.id, book.id, now)
  }
  // Its place and the list's length, in one pass over the list's (list, position) index.
  const { rows } = await trx.raw(
    'select count(*) as n, count(*) filter (where position <= ?) as rank from wishlist_entries where wishlist_id = ?',
    [now, list.id],
  )
  return { position: Number(rows[0].rank), of: Number(rows[0].n), moved: !inPlace }
}

async function setPosition(trx: Knex.Transaction, wishlistId: string, bookId: string, position: number): Promise<void> {
  await trx('wishlist_entries').where({ wishlist_id: wishlistId, book_id: bookId }).update({ position })
}

/**
 * Puts the book right after the entry at `prev` when the next entry's key is adjacent:
 * the entries that follow, up to the first one far enough away to leave every entry in
 * between MIN_SPREAD apart (or the end of the list), are renumbered evenly between
 * the two. Usually a handful of rows: the keys start POSITION_GAP apart and each
 * insertion at one place halves a gap. Renumbered in two statements (parked below
 * the list's first key, then set) so that no two entries ever share a key.
 */
async function spreadAfter(trx: Knex.Transaction, wishlistId: string, bookId: string, prev: number): Promise<number> {
  const following: { book_id: string; position: number }[] = []
  let limit: number | undefined
  for (let batch = 64; limit === undefined; batch *= 4) {
    const rows: { book_id: string; position: string | number }[] = await trx('wishlist_entries')
      .where('wishlist_id', wishlistId)
      .whereNot('book_id', bookId)
      .where('position', '>', following.length > 0 ? following.at(-1)!.position : prev)
      .orderBy('position')
      .limit(batch)
      .select('book_id', 'position')
    for (const row of rows) {
      const position = Number(row.position)
      // It and the `following.length` before it fit between prev and this key?
      if (position - prev >= (following.length + 2) * MIN_SPREAD) {
        limit = position
        break
      }
      following.push({ book_id: row.book_id, position })
    }
    if (limit === undefined && rows.length < batch) break
  }
  const moving = [bookId, ...following.map((row) => row.book_id)]
  const step = limit === undefined ? POSITION_GAP : Math.floor((limit - prev) / (moving.length + 1))
  const [{ first }] = (await trx.raw('select min(position) as first from wishlist_entries where wishlist_id = ?', [wishlistId])).rows
  const park = Number(first) - POSITION_GAP * (moving.length + 1)
  const assign = async (positionOf: (index: number) => number) => {
    await trx.raw(
      `update wishlist_entries e set position = v.position
       from unnest(?::uuid[], ?::bigint[]) as v(book_id, position)
       where e.wishlist_id = ? and e.book_id = v.book_id`,
      [moving, moving.map((_, index) => positionOf(index)), wishlistId],
    )
  }
  await assign((index) => park + index)
  await assign((index) => prev + step * (index + 1))
  return prev + step
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
 * Puts the books of a staged table (columns line, book_id, added_at) on a list, one
 * entry per book (the earliest added_at, else now), at the end of the list in the
 * order of their first line; books already there stay as they are. Returns how many
 * entries were added. A list deleted meanwhile is a NotFoundError.
 */
export async function addEntriesFromTable(trx: Knex.Transaction, list: Wishlist, table: string): Promise<number> {
  if (!(await lockLists(trx, [list.id])).has(list.id)) throw listVanished(list.name)
  const entries = await trx
    .raw(
      `insert into wishlist_entries (wishlist_id, user_id, book_id, added_at, position)
     select ?, ?, book_id, coalesce(min(added_at), now()),
       coalesce((select max(position) from wishlist_entries where wishlist_id = ?), 0)
         + ? * row_number() over (order by min(line))
     from ?? group by book_id
     -- In key order, the entries' indexes and the foreign-key checks on books walk
     -- their b-trees in order instead of at random.
     order by book_id
     on conflict (wishlist_id, user_id, book_id) do nothing`,
      [list.id, list.userId, list.id, POSITION_GAP, table],
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
