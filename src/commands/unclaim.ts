import type { Context } from '../context.js'
import { printJson } from '../output/render.js'
import { quote } from '../output/words.js'
import { currentUser } from '../session.js'
import { unclaimBook } from '../store/claims.js'
import { parseBookArgs, resolveBooks } from './shared/resolve-books.js'
import { viewableList } from './shared/target-list.js'

export interface UnclaimOptions {
  list?: string
  owner?: string
}

/** `unclaim BOOK -l LIST --owner USER`: takes back my claim. */
export async function unclaimRun(ctx: Context, bookRef: string, options: UnclaimOptions): Promise<void> {
  const args = await parseBookArgs(ctx, [bookRef])
  const knex = await ctx.db()
  const me = await currentUser(ctx, knex)
  const { list } = await viewableList(knex, me, options.list, options.owner, { required: true })
  const [book] = await resolveBooks(ctx, knex, args, { list: list.id })
  await unclaimBook(knex, { list, book: book!, claimerId: me.id })
  ctx.info(`Unclaimed ${quote(book!.title)} on ${quote(list.name)}.`)
  if (ctx.options.json) printJson(ctx.io, { book_id: book!.id, wishlist_id: list.id, claimed: false })
}
