import type { Knex } from 'knex'
import { TEXT_LIMITS, checkedText } from '../domain/limits.js'
import { isUuid } from '../domain/uuid.js'
import { storeError } from './errors.js'
import { bookCountColumn } from './entries.js'
import { isForeignKeyViolation } from './pg-errors.js'
import { type Wishlist, listVanished } from './wishlists.js'

/**
 * Who may see a list (docs/sharing.md): its owner; everyone, when it is public; the
 * users it is shared with (wishlist_shares). Only its owner changes it. On a server,
 * row-level security enforces the same for every role linked to a user; these
 * queries say it again for the administrator, to whom it does not apply.
 */
export type Visibility = 'private' | 'shared' | 'public'

export interface Sharing {
  visibility: Visibility
  /** The users it is shared with by name, by email. */
  sharedWith: { id: string; email: string }[]
}

/** A list someone else owns that I may see (`lists --shared`, `--owner`). */
export interface OthersList extends Wishlist {
  ownerEmail: string
  bookCount: number
  visibility: Visibility
}

/** SQL: the list `w` is visible to the user whose id is bound (once). */
const VISIBLE = `(w.user_id = :me or w.public or exists (select 1 from wishlist_shares s
  where s.wishlist_id = w.id and s.user_id = w.user_id and s.shared_with = :me))`

interface ListRow {
  id: string
  user_id: string
  name: string
  created_at: Date
  public: boolean
  shared: boolean
  owner_email: string
  book_count: number
}

const toOthersList = (row: ListRow): OthersList => ({
  id: row.id,
  userId: row.user_id,
  name: row.name,
  createdAt: row.created_at,
  ownerEmail: row.owner_email,
  bookCount: Number(row.book_count),
  visibility: row.public ? 'public' : 'shared',
})

/** The lists I may see, with their owner's email and book count. */
function visibleLists(knex: Knex, meId: string): Knex.QueryBuilder {
  return knex('wishlists as w')
    .join('users as u', 'u.id', 'w.user_id')
    .whereRaw(VISIBLE.replaceAll(':me', '?'), [meId, meId])
    .select('w.id', 'w.user_id', 'w.name', 'w.created_at', 'w.public', 'u.email as owner_email', bookCountColumn(knex, 'w.id', 'book_count'))
}

/** The lists others share with me, or make public, by owner then name. */
export async function listsSharedWith(knex: Knex, meId: string): Promise<OthersList[]> {
  const rows: ListRow[] = await visibleLists(knex, meId).whereNot('w.user_id', meId).orderByRaw('lower(u.email), lower(w.name), w.id')
  return rows.map(toOthersList)
}

/**
 * A list by id, or by name among one owner's lists, that I may see; undefined when
 * there is none or it is hidden from me (a private list is not told apart from a
 * missing one).
 */
export async function findVisibleList(knex: Knex, meId: string, ref: string, ownerId?: string): Promise<OthersList | undefined> {
  const trimmed = checkedText(ref.trim(), 'LIST', TEXT_LIMITS.listName)
  const query = visibleLists(knex, meId)
  if (ownerId) query.where('w.user_id', ownerId)
  if (isUuid(trimmed)) query.where('w.id', trimmed.toLowerCase())
  else if (ownerId) query.whereRaw('lower(w.name) = lower(?)', [trimmed])
  else return undefined
  const row: ListRow | undefined = await query.first()
  return row && toOthersList(row)
}

/** How each of these lists (of one owner) is shared, by list id. */
export async function sharingOf(knex: Knex, lists: Wishlist[]): Promise<Map<string, Sharing>> {
  const result = new Map<string, Sharing>()
  if (lists.length === 0) return result
  const ids = lists.map((list) => list.id)
  const publicIds = new Set<string>(await knex('wishlists').whereIn('id', ids).where({ public: true }).pluck('id'))
  const shares: { wishlist_id: string; id: string; email: string }[] = await knex('wishlist_shares as s')
    .join('users as u', 'u.id', 's.shared_with')
    .whereIn('s.wishlist_id', ids)
    .select('s.wishlist_id', 'u.id', 'u.email')
    .orderBy('u.email')
  for (const list of lists) {
    const sharedWith = shares.filter((share) => share.wishlist_id === list.id).map(({ id, email }) => ({ id, email }))
    const visibility: Visibility = publicIds.has(list.id) ? 'public' : sharedWith.length > 0 ? 'shared' : 'private'
    result.set(list.id, { visibility, sharedWith })
  }
  return result
}

/** Shares a list with users; returns, per user in order, whether it was new. */
export async function shareList(knex: Knex, list: Wishlist, userIds: string[]): Promise<boolean[]> {
  const inserted: string[] = await knex('wishlist_shares')
    .insert(userIds.map((id) => ({ wishlist_id: list.id, user_id: list.userId, shared_with: id })))
    .onConflict(['wishlist_id', 'user_id', 'shared_with'])
    .ignore()
    .returning('shared_with')
    .then((rows: { shared_with: string }[]) => rows.map((row) => row.shared_with))
    .catch((error: unknown) => {
      if (isForeignKeyViolation(error)) throw storeError({ kind: 'list-vanished', name: list.name })
      throw error
    })
  const added = new Set(inserted)
  return userIds.map((id) => added.has(id))
}

/** Stops sharing a list with these users; returns, per user, whether it had been. */
export async function unshareList(knex: Knex, list: Wishlist, userIds: string[]): Promise<boolean[]> {
  const removed: string[] = await knex('wishlist_shares')
    .where({ wishlist_id: list.id, user_id: list.userId })
    .whereIn('shared_with', userIds)
    .del()
    .returning('shared_with')
    .then((rows: { shared_with: string }[]) => rows.map((row) => row.shared_with))
  const gone = new Set(removed)
  return userIds.map((id) => gone.has(id))
}

/** Makes a list private: no longer public, shared with nobody. Returns how many shares went. */
export async function makePrivate(knex: Knex, list: Wishlist): Promise<number> {
  await setPublic(knex, list, false)
  const removed: unknown[] = await knex('wishlist_shares').where({ wishlist_id: list.id, user_id: list.userId }).del().returning('shared_with')
  return removed.length
}

/** Makes a list public or not; returns whether it was public before. */
export async function setPublic(knex: Knex, list: Wishlist, isPublic: boolean): Promise<boolean> {
  const [row] = await knex.raw(
    `update wishlists w set public = ? from wishlists old
      where w.id = old.id and w.user_id = old.user_id and w.id = ? and w.user_id = ?
      returning old.public as was`,
    [isPublic, list.id, list.userId],
  ).then((result) => result.rows as { was: boolean }[])
  if (!row) throw listVanished(list.name)
  return row.was
}
