import type { Context } from '../../context.js'
import { listJson } from '../../output/lists.js'
import { printJson } from '../../output/render.js'
import { currentUser } from '../../session.js'
import { bookCount } from '../../store/entries.js'
import { getList, renameList } from '../../store/wishlists.js'
import { quote } from '../../output/words.js'

export async function renameRun(ctx: Context, ref: string, name: string): Promise<void> {
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const list = await getList(knex, user.id, ref)
  const renamed = await renameList(knex, list, name)
  if (ctx.options.json) return printJson(ctx.io, listJson({ ...renamed, bookCount: await bookCount(knex, list.id) }))
  ctx.info(`Renamed list ${quote(list.name)} to ${quote(renamed.name)}.`)
}
