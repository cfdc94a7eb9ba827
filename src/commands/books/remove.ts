import type { Context } from '../../context.js'
import { parseBookRef } from '../../domain/book-ref.js'
import { CancelledError } from '../../errors.js'
import { bookJson } from '../../output/books.js'
import { printJson } from '../../output/render.js'
import { safeText } from '../../output/safe-text.js'
import { listsHoldingBook, removeBook } from '../../store/books.js'
import { resolveBooks } from '../shared/resolve-books.js'

export async function removeRun(ctx: Context, ref: string, options: { yes?: boolean }): Promise<void> {
  const parsed = parseBookRef(ref)
  const knex = await ctx.db()
  const [book] = await resolveBooks(ctx, knex, [{ ref: parsed }])
  const lists = (await listsHoldingBook(knex, book.id)).length
  const onLists = lists === 0 ? 'on no wishlist' : lists === 1 ? 'on 1 wishlist' : `on ${lists} wishlists`
  if (!options.yes) {
    ctx.requirePrompt('--yes')
    if (!(await ctx.prompter.confirm(`Delete "${safeText(book.title)}" from the catalogue? It is ${onLists}.`))) {
      throw new CancelledError('Nothing was deleted.')
    }
  }
  await removeBook(knex, book.id)
  if (ctx.options.json) return printJson(ctx.io, { ...bookJson(book), wishlist_count: lists })
  ctx.info(`Deleted "${book.title}" from the catalogue; it was ${onLists}.`)
}
