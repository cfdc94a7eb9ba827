import { listJson } from './lists.js'
import type { Claim, MyClaim } from '../store/claims.js'
import type { Entry } from '../store/entries.js'
import type { OthersList, Sharing } from '../store/shares.js'
import type { Wishlist } from '../store/wishlists.js'
import { entryJson, wishlistJson } from './books.js'
import { humanizeTime } from './dates.js'
import type { Column } from './render.js'

/**
 * How lists are shared and what is claimed, for the people who may know it. Nothing
 * here is ever given a claim on a list its viewer owns (store/claims.ts answers none).
 */

/** `visibility` and `shared_with` in --json output of `lists` and `lists share`. */
export function sharingJson(sharing: Sharing) {
  return { visibility: sharing.visibility, shared_with: sharing.sharedWith.map((user) => user.email) }
}

/** "private", "public", or the users it is shared with: the `Shared` column of `lists`. */
export function sharingText(sharing: Sharing | undefined): string {
  if (!sharing || sharing.visibility === 'private') return 'private'
  const names = sharing.sharedWith.map((user) => user.email).join(', ')
  if (sharing.visibility === 'public') return names ? `public; ${names}` : 'public'
  return names
}

/** A list shared with me (`lists --shared --json`). */
export function othersListJson(list: OthersList) {
  return {
    ...listJson(list),
    default: false,
    visibility: list.visibility,
    shared_with: null,
    owner: list.ownerEmail,
  }
}

export const othersListColumns: Column<OthersList>[] = [
  { header: 'ID', plain: (list) => list.id },
  { header: 'Name', plain: (list) => list.name, flex: true },
  { header: 'Owner', plain: (list) => list.ownerEmail, flex: true },
  { header: 'Books', plain: (list) => list.bookCount },
  { header: 'Shared', plain: (list) => (list.visibility === 'public' ? 'public' : 'with you') },
]

/** The claim on a book of someone else's list, in `show --json`. */
export function claimJson(claim: Claim | undefined) {
  if (!claim) return null
  return { user_id: claim.claimerId, email: claim.claimerEmail, note: claim.note, claimed_at: claim.claimedAt.toISOString() }
}

/**
 * `show --json` of someone else's list: its owner, and each book's claim (null when
 * unclaimed). Never for the viewer's own list: that is wishlistJson, with no claims.
 */
export function sharedWishlistJson(list: Wishlist, owner: { id: string; email: string }, entries: Entry[], claims: Map<string, Claim>) {
  return {
    ...wishlistJson(list, entries),
    owner: { id: owner.id, email: owner.email },
    books: entries.map((entry) => ({ ...entryJson(entry), claim: claimJson(claims.get(entry.book.id)) })),
  }
}

/** The `Claimed by` column of `show` on someone else's list. */
export function claimColumn(claims: Map<string, Claim>): Column<Entry> {
  return { header: 'Claimed by', plain: (entry) => claims.get(entry.book.id)?.claimerEmail ?? '' }
}

/** One of my claims (`claims --json`). */
export function myClaimJson(claim: MyClaim) {
  return {
    book_id: claim.bookId,
    title: claim.title,
    wishlist_id: claim.wishlistId,
    list: claim.listName,
    owner_id: claim.ownerId,
    owner: claim.ownerEmail,
    claimed_at: claim.claimedAt.toISOString(),
    note: claim.note,
    status: claimStatus(claim),
  }
}

/** "held", or that the book left the list (or the list is no longer shared with me). */
export function claimStatus(claim: MyClaim): 'held' | 'left the list' | 'list no longer shared' {
  if (claim.leftAt) return 'left the list'
  if (claim.listName === null) return 'list no longer shared'
  return 'held'
}

export const myClaimColumns: Column<MyClaim>[] = [
  { header: 'Book', plain: (claim) => claim.title, flex: true },
  { header: 'List', plain: (claim) => claim.listName ?? '' },
  { header: 'Owner', plain: (claim) => claim.ownerEmail },
  { header: 'Claimed', plain: (claim) => claim.claimedAt.toISOString(), pretty: (claim) => humanizeTime(claim.claimedAt) },
  { header: 'Note', plain: (claim) => claim.note ?? '', flex: true },
  { header: 'Status', plain: (claim) => claimStatus(claim) },
]
