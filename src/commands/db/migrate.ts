import type { Context } from '../../context.js'
import { migrateLatest } from '../../db/schema.js'
import { printJson } from '../../output/render.js'

export async function migrateRun(ctx: Context): Promise<void> {
  const applied = await migrateLatest(await ctx.db('any'))
  if (ctx.options.json) return printJson(ctx.io, { applied })
  ctx.info(applied.length === 0 ? 'Schema already up to date.' : `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}`)
}
