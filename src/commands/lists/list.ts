import type { Context } from '../../context.js'
import { listColumns, listJson } from '../../output/lists.js'
import { printJson, printRecords } from '../../output/render.js'
import { currentUser } from '../../session.js'
import { listsOf } from '../../store/wishlists.js'

export async function listsRun(ctx: Context): Promise<void> {
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const lists = await listsOf(knex, user.id)
  if (ctx.options.json) return printJson(ctx.io, lists.map(listJson))
  await ctx.page((io) => printRecords(io, listColumns, lists))
  if (lists.length === 0) ctx.info('No lists yet. Create one with `wishlist lists create NAME`, or just `wishlist add BOOK`.')
}
