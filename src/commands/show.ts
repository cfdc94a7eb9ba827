import type { Context } from '../context.js'
import { entryColumns, wishlistJson } from '../output/books.js'
import { printJson, printRecords } from '../output/render.js'
import { safeText } from '../output/safe-text.js'
import { currentUser } from '../session.js'
import { type EntrySort, listEntries } from '../store/entries.js'
import { existingList } from './shared/target-list.js'
import { count } from '../output/words.js'

export interface ShowOptions {
  sort?: EntrySort
  limit?: number
}

export async function showRun(ctx: Context, listRef: string | undefined, options: ShowOptions): Promise<void> {
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const list = await existingList(knex, user.id, listRef)
  const entries = await listEntries(knex, list.id, { sort: options.sort, limit: options.limit })

  if (ctx.options.json) {
    return printJson(ctx.io, wishlistJson(list, entries))
  }
  // On a terminal the list's name heads the table on stdout; piped output stays
  // one book per line so `cut` and `grep` see only data.
  if (ctx.io.stdoutIsTTY) {
    const books = count(entries.length, 'book')
    ctx.io.stdout.write(`${ctx.io.color.bold(safeText(list.name))} ${ctx.io.color.dim(`(${books}${options.limit ? ' shown' : ''})`)}\n`)
    if (entries.length === 0) ctx.io.stdout.write('No books yet. Add one with `wishlist add BOOK`.\n')
  }
  printRecords(ctx.io, entryColumns, entries)
}
