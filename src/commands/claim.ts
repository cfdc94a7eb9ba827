import type { Context } from '../context.js'
import { printJson } from '../output/render.js'
import { quote } from '../output/words.js'
import { currentUser } from '../session.js'
import { claimBook } from '../store/claims.js'
import { parseBookArgs, resolveBooks } from './shared/resolve-books.js'
import { viewableList } from './shared/target-list.js'

export interface ClaimOptions {
  list?: string
  owner?: string
  note?: string
}

/** `claim BOOK -l LIST --owner USER [--note TEXT]`: "I will get this one". */
export async function claimRun(ctx: Context, bookRef: string, options: ClaimOptions): Promise<void> {
  const args = await parseBookArgs(ctx, [bookRef])
  const knex = await ctx.db()
  const me = await currentUser(ctx, knex)
  const { list, owner } = await viewableList(knex, me, options.list, options.owner, { required: true })
  const [book] = await resolveBooks(ctx, knex, args, { list: list.id })
  const claimed = await claimBook(knex, { list, book: book!, claimerId: me.id, note: options.note })
  ctx.info(
    claimed
      ? `Claimed ${quote(book!.title)} on ${owner.email}'s ${quote(list.name)}: others who see the list know it is taken; ${owner.email} never sees it.`
      : `You had already claimed ${quote(book!.title)} on ${quote(list.name)}${options.note === undefined ? '' : '; note updated'}.`,
  )
  if (ctx.options.json) {
    printJson(ctx.io, { book_id: book!.id, wishlist_id: list.id, owner_id: list.userId, claimed, note: options.note ?? null })
  }
}
