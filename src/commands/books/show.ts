import type { Context } from '../../context.js'
import { parseBookRef } from '../../domain/book-ref.js'
import { hyphenateIsbn } from '../../domain/isbn.js'
import { bookJson } from '../../output/books.js'
import { humanizeTime } from '../../output/dates.js'
import { type Column, printJson, printRecords } from '../../output/render.js'
import { type Holder, listsHoldingBook } from '../../store/books.js'
import { resolveBooks } from '../shared/resolve-books.js'

export async function showRun(ctx: Context, ref: string): Promise<void> {
  const parsed = parseBookRef(ref)
  const knex = await ctx.db()
  const [book] = await resolveBooks(ctx, knex, [{ ref: parsed }])
  const holders = await listsHoldingBook(knex, book.id)
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
  ]
  printRecords(ctx.io, [
    { header: 'Field', plain: (row) => row[0] },
    { header: 'Value', plain: (row) => row[1] },
  ], fields)
  printRecords(ctx.io, tty ? holderColumns : [{ header: '', plain: () => 'wishlist' }, ...holderColumns], holders)
  if (holders.length === 0) ctx.info('Not on any wishlist.')
}

const holderColumns: Column<Holder>[] = [
  { header: 'List ID', plain: (holder) => holder.wishlistId },
  { header: 'List', plain: (holder) => holder.name, flex: true },
  { header: 'Owner', plain: (holder) => holder.email, flex: true },
  { header: 'Added', plain: (holder) => holder.addedAt.toISOString(), pretty: (holder) => humanizeTime(holder.addedAt) },
]
