import type { Context } from '../../context.js'
import { parseBookRef } from '../../domain/book-ref.js'
import { DeclinedError } from '../../errors.js'
import { bookJson } from '../../output/books.js'
import { printJson } from '../../output/render.js'
import { safeText } from '../../output/safe-text.js'
import { removeBook } from '../../store/books.js'
import { countEntries } from '../../store/entries.js'
import { type OthersOptions, checkOthersConfirmed, currentUserIfChosen, othersLists } from '../shared/others.js'
import { resolveBooks } from '../shared/resolve-books.js'
import { count, quote } from '../../output/words.js'

export async function removeRun(ctx: Context, ref: string, options: OthersOptions): Promise<void> {
  const parsed = parseBookRef(ref)
  const knex = await ctx.db()
  const [book] = await resolveBooks(ctx, knex, [{ ref: parsed }])
  const me = await currentUserIfChosen(ctx, knex)
  const all = await countEntries(knex, { bookId: book.id })
  const others = me ? await countEntries(knex, { bookId: book.id, exceptUserId: me.id }) : all
  const lists = all.entries
  const onLists = lists === 0 ? 'on no wishlist' : `on ${count(lists, 'wishlist')}`
  // "It is on 1 wishlist." for your own lists; other users' are named as such.
  const yours = lists - others.entries
  const where =
    others.entries === 0
      ? onLists
      : `on ${othersLists(others)}${yours > 0 ? ` and ${yours} of yours` : ''}`
  if (!options.yes) {
    ctx.requirePrompt('--yes')
    if (!(await ctx.prompter.confirm(`Delete ${quote(safeText(book.title))} from the catalogue? It is ${where}.`))) {
      throw new DeclinedError('Nothing was deleted.')
    }
  } else {
    checkOthersConfirmed(options, others, `${quote(book.title)} is ${where}`)
  }
  await removeBook(knex, book)
  if (ctx.options.json) return printJson(ctx.io, { ...bookJson(book), wishlist_count: lists, other_user_entries: others.entries })
  ctx.info(`Deleted ${quote(book.title)} from the catalogue; it was ${where}.`)
}
