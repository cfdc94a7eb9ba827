import type { Context } from '../../context.js'
import { listColumns, listJson } from '../../output/lists.js'
import { printJson, printRecords } from '../../output/render.js'
import { currentUser } from '../../session.js'
import { defaultList, listsOf } from '../../store/wishlists.js'

export async function listsRun(ctx: Context): Promise<void> {
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const lists = await listsOf(knex, user.id)
  // The default list (the oldest) is marked: `show` and `add` use it without -l.
  const defaultId = (await defaultList(knex, user.id))?.id
  if (ctx.options.json) return printJson(ctx.io, lists.map((list) => ({ ...listJson(list), default: list.id === defaultId })))
  printRecords(ctx.io, listColumns, lists.map((list) => ({ ...list, isDefault: list.id === defaultId })))
  if (lists.length === 0) ctx.info('No lists yet. Create one with `wishlist lists create NAME`, or just `wishlist add BOOK`.')
}
