import type { Context } from '../../context.js'
import { migrateLatest, rollback, schemaStatus } from '../../db/schema.js'
import { printJson, printRecords } from '../../output/render.js'

export async function migrateRun(ctx: Context): Promise<void> {
  const applied = await migrateLatest(await ctx.db('any'))
  if (ctx.options.json) return printJson(ctx.io, { applied })
  ctx.info(applied.length === 0 ? 'Schema already up to date.' : `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}`)
}

export async function rollbackRun(ctx: Context, options: { all?: boolean }): Promise<void> {
  const undone = await rollback(await ctx.db('any'), options.all === true)
  if (ctx.options.json) return printJson(ctx.io, { rolled_back: undone })
  ctx.info(undone.length === 0 ? 'Nothing to roll back.' : `Rolled back ${undone.length} migration(s):\n  ${undone.join('\n  ')}`)
}

export async function statusRun(ctx: Context): Promise<void> {
  const status = await schemaStatus(await ctx.db('any'))
  const rows = [
    ...status.applied.map((name) => ({ name, state: 'applied' })),
    ...status.pending.map((name) => ({ name, state: 'pending' })),
  ]
  if (ctx.options.json) return printJson(ctx.io, rows)
  printRecords(ctx.io, [
    { header: 'Migration', plain: (row) => row.name },
    { header: 'State', plain: (row) => row.state },
  ], rows)
  if (status.pending.length > 0) ctx.info(`${status.pending.length} pending: run \`wishlist db migrate\`.`)
}
