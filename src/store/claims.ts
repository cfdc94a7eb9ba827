import type { Knex } from 'knex'
import { TEXT_LIMITS, checkedText } from '../domain/limits.js'
import type { Book } from './books.js'
import { booksOnList } from './entries.js'
import { storeError } from './errors.js'
import { isForeignKeyViolation, isUniqueViolation } from './pg-errors.js'
import type { Wishlist } from './wishlists.js'

/**
 * Claims: "I will get this book" on someone else's list (docs/sharing.md). A book on
 * a list has at most one claim that holds. Whoever may see the list sees its claims;
 * its owner never does: every function here that reads the claims on a list is given
 * who asks, and answers nothing when that is the list's owner (row-level security does
 * the same on a server, for every role linked to a user).
 */
export interface Claim {
  bookId: string
  claimerId: string
  claimerEmail: string
  note: string | null
  claimedAt: Date
}

/** One of my claims (`wishlist claims`). */
export interface MyClaim {
  bookId: string
  title: string
  wishlistId: string
  /** null when the list is no longer shared with me. */
  listName: string | null
  ownerId: string
  ownerEmail: string
  note: string | null
  claimedAt: Date
  /** When the owner took the book off the list (the claim no longer holds). */
  leftAt: Date | null
}

/** The claims that hold on a list, by book id; none at all when the viewer owns it. */
export async function claimsOnList(knex: Knex, list: Wishlist, viewerId: string): Promise<Map<string, Claim>> {
  if (list.userId === viewerId) return new Map()
  const rows = await knex('claims as c')
    .join('users as u', 'u.id', 'c.claimer_id')
    .where({ 'c.wishlist_id': list.id, 'c.user_id': list.userId })
    .whereNot('c.user_id', viewerId)
    .whereNull('c.left_at')
    .select('c.book_id', 'c.claimer_id', 'u.email', 'c.note', 'c.claimed_at')
  return new Map(
    rows.map((row) => [
      row.book_id,
      { bookId: row.book_id, claimerId: row.claimer_id, claimerEmail: row.email, note: row.note, claimedAt: row.claimed_at },
    ]),
  )
}

/**
 * Claims a book on someone else's list. Returns false when I had already claimed it.
 * A book claimed by someone else is a ConflictError naming them; a book not on the
 * list a NotFoundError; my own list a UsageError.
 */
export async function claimBook(
  knex: Knex,
  claim: { list: Wishlist; book: Book; claimerId: string; note?: string },
): Promise<boolean> {
  const { list, book, claimerId } = claim
  if (list.userId === claimerId) {
    throw storeError({ kind: 'claim-own-list', list: list.name })
  }
  const note = claim.note === undefined ? null : checkedText(claim.note.trim(), '--note', TEXT_LIMITS.claimNote) || null
  const holder = await holderOf(knex, list, book.id)
  if (holder?.claimerId === claimerId) {
    if (claim.note !== undefined) {
      await knex('claims').where({ wishlist_id: list.id, user_id: list.userId, book_id: book.id, claimer_id: claimerId }).whereNull('left_at').update({ note })
    }
    return false
  }
  if (holder) throw claimedBy(book, holder.claimerEmail)
  // A claim of mine on this book that ended when it left the list gives way.
  await knex('claims').where({ wishlist_id: list.id, user_id: list.userId, book_id: book.id, claimer_id: claimerId }).whereNotNull('left_at').del()
  // A book taken off the list at this very moment may still get its claim (the check
  // and the insert are two statements; a row lock would need the owner's rights):
  // the claim then lingers until the claimer unclaims it, seen by nobody but them.
  if (!(await booksOnList(knex, list.id, [book.id])).has(book.id)) throw notOnList(book, list)
  await knex('claims')
    .insert({ wishlist_id: list.id, user_id: list.userId, book_id: book.id, claimer_id: claimerId, note })
    .catch(async (error: unknown) => {
      if (isUniqueViolation(error)) {
        const winner = await holderOf(knex, list, book.id)
        throw claimedBy(book, winner?.claimerEmail ?? 'someone else')
      }
      if (isForeignKeyViolation(error)) throw storeError({ kind: 'list-vanished', name: list.name })
      throw error
    })
  return true
}

/** Takes back my claim on a book (held, or ended when the book left the list). */
export async function unclaimBook(knex: Knex, claim: { list: Wishlist; book: Book; claimerId: string }): Promise<void> {
  const { list, book, claimerId } = claim
  const removed: unknown[] = await knex('claims')
    .where({ wishlist_id: list.id, user_id: list.userId, book_id: book.id, claimer_id: claimerId })
    .del()
    .returning('id')
  if (removed.length === 0) {
    throw storeError({ kind: 'no-claim', title: book.title, list: list.name })
  }
}

/** My claims, newest first, with the book, the list and its owner. */
export async function claimsOf(knex: Knex, claimerId: string): Promise<MyClaim[]> {
  const rows = await knex('claims as c')
    .join('books as b', 'b.id', 'c.book_id')
    // Left: a list no longer shared with me still shows my claim (row-level security
    // hides the list itself from a linked role).
    .leftJoin('wishlists as w', function () {
      this.on('w.id', 'c.wishlist_id').andOn('w.user_id', 'c.user_id')
    })
    .join('users as u', 'u.id', 'c.user_id')
    .where('c.claimer_id', claimerId)
    .select('c.book_id', 'b.title', 'c.wishlist_id', 'w.name', 'c.user_id', 'u.email', 'c.note', 'c.claimed_at', 'c.left_at')
    .orderBy([{ column: 'c.claimed_at', order: 'desc' }, { column: 'c.id' }])
  return rows.map((row) => ({
    bookId: row.book_id,
    title: row.title,
    wishlistId: row.wishlist_id,
    listName: row.name,
    ownerId: row.user_id,
    ownerEmail: row.email,
    note: row.note,
    claimedAt: row.claimed_at,
    leftAt: row.left_at,
  }))
}

async function holderOf(knex: Knex, list: Wishlist, bookId: string): Promise<{ claimerId: string; claimerEmail: string } | undefined> {
  const row = await knex('claims as c')
    .join('users as u', 'u.id', 'c.claimer_id')
    .where({ 'c.wishlist_id': list.id, 'c.user_id': list.userId, 'c.book_id': bookId })
    .whereNull('c.left_at')
    .first('c.claimer_id', 'u.email')
  return row && { claimerId: row.claimer_id, claimerEmail: row.email }
}

function claimedBy(book: Book, email: string) {
  return storeError({ kind: 'claimed', title: book.title, by: email })
}

function notOnList(book: Book, list: Wishlist) {
  return storeError({ kind: 'no-entry', title: book.title, list: list.name })
}
