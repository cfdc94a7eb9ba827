import type { Knex } from 'knex'
import type { Context } from '../../context.js'
import { NotFoundError } from '../../errors.js'
import { printJson } from '../../output/render.js'
import { currentUser } from '../../session.js'
import { type Book, searchBooks } from '../../store/books.js'
import { removeEntries } from '../../store/entries.js'
import type { Wishlist } from '../../store/wishlists.js'
import { parseBookArgs, resolveBooks } from '../shared/resolve-books.js'
import { PICKER_SIZE, quoted } from './messages.js'
import { existingList } from './target-list.js'

export interface RemoveOptions {
  list?: string
  force?: boolean
}

export async function removeRun(ctx: Context, bookArgs: string[], options: RemoveOptions): Promise<void> {
  const args = await parseBookArgs(ctx, bookArgs)
  if (args.length === 0) ctx.requirePrompt('BOOK')
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const list = await existingList(knex, user.id, options.list)

  const books = args.length > 0 ? await resolveBooks(ctx, knex, args, { list: list.id }) : await pickBooks(ctx, knex, list)
  if (books.length === 0) {
    ctx.info('No books chosen; nothing removed.')
    if (ctx.options.json) printJson(ctx.io, [])
    return
  }

  // All or nothing: without -f, one book that is not on the list rolls back the rest.
  const removed = await knex.transaction(async (trx) => {
    const flags = await removeEntries(trx, list.id, books.map((book) => book.id))
    const missing = books.filter((_, index) => !flags[index])
    if (missing.length > 0 && !options.force) {
      const titles = missing.map((book) => quoted(book.title)).join(', ')
      throw new NotFoundError(
        `${titles} ${missing.length === 1 ? 'is' : 'are'} not on ${list.name}; nothing was removed.`,
        'Pass -f to skip books that are not on it; see the list with `wishlist show`.',
      )
    }
    return flags
  })

  books.forEach((book, index) => {
    ctx.info(removed[index] ? `Removed ${quoted(book.title)} from ${list.name}.` : `${quoted(book.title)} was not on ${list.name}.`)
  })
  if (ctx.options.json) {
    printJson(
      ctx.io,
      books.map((book, index) => ({ book_id: book.id, wishlist_id: list.id, removed: removed[index]! })),
    )
  }
}

/** A picker over the list's own books. */
function pickBooks(ctx: Context, knex: Knex, list: Wishlist): Promise<Book[]> {
  return ctx.prompter.pickBooks({
    message: `Books to remove from ${list.name}`,
    multiple: true,
    search: async (term) =>
      (await searchBooks(knex, term, PICKER_SIZE, { wishlistId: list.id })).map((book) => ({ book, onList: true })),
  })
}
