import type { Context } from '../context.js'
import { showColumns, wishlistJson } from '../output/books.js'
import { printJson, printRecords } from '../output/render.js'
import { safeText } from '../output/safe-text.js'
import { currentUser } from '../session.js'
import { type EntrySort, bookCount, listEntries } from '../store/entries.js'
import { claimsOnList } from '../store/claims.js'
import { claimColumn, sharedWishlistJson } from '../output/sharing.js'
import { viewableList } from './shared/target-list.js'
import { count } from '../output/words.js'

export interface ShowOptions {
  sort?: EntrySort
  reverse?: boolean
  limit?: number
  /** The list's owner, to name their list by its name (docs/sharing.md). */
  owner?: string
}

export async function showRun(ctx: Context, listRef: string | undefined, options: ShowOptions): Promise<void> {
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const { list, owner } = await viewableList(knex, user, listRef, options.owner)
  const entries = await listEntries(knex, list.id, { sort: options.sort, reverse: options.reverse, limit: options.limit })
  // Someone else's list shows its claims; one's own never does (claimsOnList answers
  // none to the owner, and the owner's output has no place for them).
  const others = list.userId !== user.id
  const claims = others ? await claimsOnList(knex, list, user.id) : undefined

  if (ctx.options.json) {
    return printJson(ctx.io, claims ? sharedWishlistJson(list, owner, entries, claims) : wishlistJson(list, entries))
  }
  // On a terminal the list's name heads the table on stdout; piped output stays
  // one book per line so `cut` and `grep` see only data. Cut by --limit, the header
  // says "3 of 277 books shown" (the total counted only then).
  const total =
    ctx.io.stdoutIsTTY && options.limit !== undefined && entries.length === options.limit ? await bookCount(knex, list.id) : entries.length
  await ctx.page((io) => {
    if (io.stdoutIsTTY) {
      const books = total > entries.length ? `${entries.length} of ${count(total, 'book')} shown` : count(total, 'book')
      const whose = others ? ` ${io.color.dim(`by ${safeText(owner.email)}`)}` : ''
      io.stdout.write(`${io.color.bold(safeText(list.name))}${whose} ${io.color.dim(`(${books})`)}\n`)
      if (entries.length === 0) io.stdout.write('No books yet. Add one with `wishlist add BOOK`.\n')
    }
    const columns = showColumns(entries, io.stdoutIsTTY, io.color)
    printRecords(io, claims ? [...columns, claimColumn(claims)] : columns, entries)
  })
}
