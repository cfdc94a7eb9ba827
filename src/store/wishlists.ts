import type { Knex } from 'knex'
import { TEXT_LIMITS, checkedText } from '../domain/limits.js'
import { isUuid } from '../domain/uuid.js'
import { bookCountColumn } from './entries.js'
import { isForeignKeyViolation, isUniqueViolation } from './pg-errors.js'
import { type StoreError, storeError } from './errors.js'

export interface Wishlist {
  id: string
  userId: string
  name: string
  createdAt: Date
}

export interface WishlistWithCount extends Wishlist {
  bookCount: number
}

interface WishlistRow {
  id: string
  user_id: string
  name: string
  created_at: Date
  book_count?: number
}

const toWishlist = (row: WishlistRow): Wishlist => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  createdAt: row.created_at,
})

/** The name a user's first list gets when `add` creates it. */
export const DEFAULT_LIST_NAME = 'Wishlist'

/** A user's lists, oldest first (the oldest is their default), with book counts. */
export async function listsOf(knex: Knex, userId: string): Promise<WishlistWithCount[]> {
  const rows: WishlistRow[] = await knex('wishlists as w')
    .where('w.user_id', userId)
    .select('w.*', bookCountColumn(knex, 'w.id', 'book_count'))
    .orderBy([{ column: 'w.created_at' }, { column: 'w.id' }])
  return rows.map((row) => ({ ...toWishlist(row), bookCount: Number(row.book_count) }))
}

/** One of the user's lists by id or name (any case). */
export async function findList(knex: Knex, userId: string, ref: string): Promise<Wishlist | undefined> {
  const trimmed = checkedText(ref.trim(), 'LIST', TEXT_LIMITS.listName)
  const query = knex<WishlistRow>('wishlists').first('*').where({ user_id: userId })
  const row: WishlistRow | undefined = isUuid(trimmed)
    ? await query.andWhere({ id: trimmed.toLowerCase() })
    : await query.andWhereRaw('lower(name) = lower(?)', [trimmed])
  return row && toWishlist(row)
}

export async function getList(knex: Knex, userId: string, ref: string): Promise<Wishlist> {
  const list = await findList(knex, userId, ref)
  if (list) return list
  const names: string[] = await knex('wishlists').where({ user_id: userId }).pluck('name')
  throw storeError({ kind: 'no-list', ref, names })
}

/** The user's default list: their oldest one. */
export async function defaultList(knex: Knex, userId: string): Promise<Wishlist | undefined> {
  const row: WishlistRow | undefined = await knex('wishlists')
    .first('*')
    .where({ user_id: userId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])
  return row && toWishlist(row)
}

/**
 * The default list, creating "Wishlist" when the user has none. Safe when several
 * processes do it at once: the unique name index lets only one insert win.
 */
export async function ensureDefaultList(knex: Knex, userId: string): Promise<{ list: Wishlist; created: boolean }> {
  const existing = await defaultList(knex, userId)
  if (existing) return { list: existing, created: false }
  const [row] = await insertIgnoringName(knex, userId, DEFAULT_LIST_NAME)
  if (row) return { list: toWishlist(row), created: true }
  // The insert lost to another process's list, which may itself be gone again.
  const list = await defaultList(knex, userId)
  if (!list) throw listVanished(DEFAULT_LIST_NAME)
  return { list, created: false }
}

/**
 * The list with this name, created when missing (`add --create`). Like
 * ensureDefaultList, safe when several processes create the same name at once.
 */
export async function ensureList(knex: Knex, userId: string, name: string): Promise<{ list: Wishlist; created: boolean }> {
  const trimmed = checkName(name)
  const [row] = await insertIgnoringName(knex, userId, trimmed)
  if (row) return { list: toWishlist(row), created: true }
  const list = await findList(knex, userId, trimmed)
  if (!list) throw listVanished(trimmed)
  return { list, created: false }
}

/** Inserts a list unless the user has one of that name; none returned when they had. */
async function insertIgnoringName(knex: Knex, userId: string, name: string): Promise<WishlistRow[]> {
  try {
    return await knex('wishlists')
      .insert({ user_id: userId, name })
      .onConflict(knex.raw('(user_id, lower(name))'))
      .ignore()
      .returning('*')
  } catch (error) {
    if (isForeignKeyViolation(error)) throw userVanished()
    throw error
  }
}

export async function createList(knex: Knex, userId: string, name: string): Promise<Wishlist> {
  const trimmed = checkName(name)
  try {
    const [row] = await knex('wishlists').insert({ user_id: userId, name: trimmed }).returning('*')
    return toWishlist(row)
  } catch (error) {
    if (isUniqueViolation(error)) throw storeError({ kind: 'list-name-taken', name: trimmed })
    if (isForeignKeyViolation(error)) throw userVanished()
    throw error
  }
}

export async function renameList(knex: Knex, list: Wishlist, name: string): Promise<Wishlist> {
  const trimmed = checkName(name)
  try {
    const [row] = await knex('wishlists').where({ id: list.id }).update({ name: trimmed }).returning('*')
    // Matches nothing when another command deleted the list since it was looked up.
    if (!row) throw listVanished(list.name)
    return toWishlist(row)
  } catch (error) {
    if (isUniqueViolation(error)) throw storeError({ kind: 'list-name-taken', name: trimmed })
    throw error
  }
}

/** Deletes a list and its entries (the entries' foreign key cascades). */
export async function deleteList(knex: Knex, list: Wishlist): Promise<void> {
  const deleted: unknown[] = await knex('wishlists').where({ id: list.id }).del().returning('id')
  if (deleted.length === 0) throw listVanished(list.name)
}

/** A list that another command deleted while this one was using it. */
export function listVanished(name: string): StoreError {
  return storeError({ kind: 'list-vanished', name })
}

/** The current user, deleted by another command while this one was running. */
function userVanished(): StoreError {
  return storeError({ kind: 'user-vanished' })
}

function checkName(name: string): string {
  const trimmed = name.trim()
  if (trimmed === '') throw storeError({ kind: 'empty-list-name' })
  checkedText(trimmed, 'A list name', TEXT_LIMITS.listName)
  if (isUuid(trimmed)) throw storeError({ kind: 'list-name-like-id' })
  return trimmed
}
