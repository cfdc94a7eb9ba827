import type { Knex } from 'knex'
import { NotFoundError } from '../../errors.js'
import { type Wishlist, defaultList, getList } from '../../store/wishlists.js'

/**
 * The list `show` and `remove` act on: LIST when given, else the default (oldest).
 * Unlike `add`, these never create one.
 */
export async function existingList(knex: Knex, userId: string, ref: string | undefined): Promise<Wishlist> {
  if (ref !== undefined) return getList(knex, userId, ref)
  const list = await defaultList(knex, userId)
  if (list) return list
  throw new NotFoundError('You have no wishlists yet.', 'Add a book with `wishlist add BOOK`; that creates one.')
}
