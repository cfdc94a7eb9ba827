import type { Context } from '../../context.js'
import { parseBookRef } from '../../domain/book-ref.js'
import { hyphenateIsbn } from '../../domain/isbn.js'
import { bookJson } from '../../output/books.js'
import { humanizeTime } from '../../output/dates.js'
import { type Column, printJson, printRecords } from '../../output/render.js'
import { type Holder, countEntries, listsHoldingBook } from '../../store/entries.js'
import { currentUserIfChosen, othersLists } from '../shared/others.js'
import { resolveBooks } from '../shared/resolve-books.js'

export async function showRun(ctx: Context, ref: string): Promise<void> {
  const parsed = parseBookRef(ref)
  const knex = await ctx.db()
  const [book] = await resolveBooks(ctx, knex, [{ ref: parsed }])
  // Only your own lists by name; other users' are counted, not shown (no access
  // control yet). With no user chosen, there are only counts.
  const me = await currentUserIfChosen(ctx, knex)
  const holders = me ? await listsHoldingBook(knex, book.id, me.id) : []
  const others = await countEntries(knex, { bookId: book.id, exceptUserId: me?.id })
  if (ctx.options.json) {
    return printJson(ctx.io, {
      ...bookJson(book),
      wishlists: holders.map((holder) => ({
        id: holder.wishlistId,
        name: holder.name,
        user_id: holder.userId,
        email: holder.email,
        added_at: holder.addedAt.toISOString(),
      })),
      other_list_count: others.entries,
      other_user_count: others.users,
    })
  }
  // Plain output is "key<TAB>value" lines, then one "wishlist<TAB>..." line per list,
  // so `grep ^wishlist | cut -f2` gives the ids of the lists that hold the book.
  const tty = ctx.io.stdoutIsTTY
  const fields: [string, string | null][] = [
    [tty ? 'Title' : 'title', book.title],
    [tty ? 'Author' : 'author', book.author],
    [tty ? 'ISBN' : 'isbn', book.isbn && tty ? hyphenateIsbn(book.isbn) : book.isbn],
    [tty ? 'Published' : 'published', book.publicationDate],
    [tty ? 'ID' : 'id', book.id],
    [tty ? 'Other users' : 'other_lists', tty ? (others.entries === 0 ? 'on none of their lists' : `on ${othersLists(others)}`) : String(others.entries)],
  ]
  if (!tty) fields.push(['other_users', String(others.users)])
  printRecords(ctx.io, [
    { header: 'Field', plain: (row) => row[0] },
    { header: 'Value', plain: (row) => row[1] },
  ], fields)
  printRecords(ctx.io, tty ? holderColumns : [{ header: '', plain: () => 'wishlist' }, ...holderColumns], holders)
  if (!me) ctx.info('No user chosen, so only counts are shown; pass --user USER to see your lists.')
  else if (holders.length === 0) ctx.info(others.entries === 0 ? 'Not on any wishlist.' : 'Not on any of your wishlists.')
}

const holderColumns: Column<Holder>[] = [
  { header: 'List ID', plain: (holder) => holder.wishlistId, drop: 0 },
  { header: 'List', plain: (holder) => holder.name, flex: true },
  { header: 'Owner', plain: (holder) => holder.email, flex: true },
  { header: 'Added', plain: (holder) => holder.addedAt.toISOString(), pretty: (holder) => humanizeTime(holder.addedAt) },
]
