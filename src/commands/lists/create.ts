import type { Context } from '../../context.js'
import { listJson } from '../../output/lists.js'
import { printJson } from '../../output/render.js'
import { currentUser } from '../../session.js'
import { createList } from '../../store/wishlists.js'
import { quote } from '../../output/words.js'

export async function createRun(ctx: Context, name: string): Promise<void> {
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const list = await createList(knex, user.id, name)
  if (ctx.options.json) return printJson(ctx.io, listJson({ ...list, bookCount: 0 }))
  ctx.info(`Created list ${quote(list.name)} (${list.id}).`)
}
