import type { Knex } from 'knex'
import { NotFoundError, UsageError } from '../../errors.js'
import { isUuid } from '../../domain/uuid.js'
import { quote } from '../../output/words.js'
import { findVisibleList } from '../../store/shares.js'
import { type User, getUser } from '../../store/users.js'
import { type Wishlist, defaultList, findList, getList } from '../../store/wishlists.js'

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

/** A list I may see, and its owner: `show`, `export`, `claim`, `unclaim`. */
export interface ViewableList {
  list: Wishlist
  owner: { id: string; email: string }
}

/**
 * The list named by LIST and `--owner USER` (docs/sharing.md): without --owner, one of
 * mine by id or name, else another user's list by its id; with --owner, that user's
 * list by id or name. Someone else's list must be shared with me or public: one that
 * is not is "not found", as one that does not exist. `required`: LIST must be given
 * (claims name the list), else my default list.
 */
export async function viewableList(
  knex: Knex,
  me: User,
  ref: string | undefined,
  ownerRef: string | undefined,
  options: { required?: boolean } = {},
): Promise<ViewableList> {
  const owner = ownerRef === undefined ? undefined : await getUser(knex, ownerRef)
  if (ref === undefined && (options.required || (owner && owner.id !== me.id))) {
    throw new UsageError(
      owner ? `Name the list of ${owner.email}: its id or name.` : 'Name the list: -l LIST, with --owner USER for a list by name.',
      'See the lists shared with you with `wishlist lists --shared`.',
    )
  }
  if (!owner || owner.id === me.id) {
    if (ref === undefined) return { list: await existingList(knex, me.id, undefined), owner: me }
    const mine = await findList(knex, me.id, ref)
    if (mine) return { list: mine, owner: me }
    // A name is one of mine unless --owner says whose; getList says none is, and
    // suggests a near one.
    if (owner || !isUuid(ref.trim())) return { list: await getList(knex, me.id, ref), owner: me }
  }
  const found = await findVisibleList(knex, me.id, ref!, owner?.id)
  if (found) return { list: found, owner: { id: found.userId, email: found.ownerEmail } }
  throw new NotFoundError(
    owner ? `${owner.email} has no list ${quote(ref!)} that you may see.` : `No list ${quote(ref!)} that you may see.`,
    'See the lists shared with you with `wishlist lists --shared`.',
  )
}
