import type { Context } from '../../context.js'
import { schemaStatus } from '../../db/schema.js'
import { printJson, printRecords } from '../../output/render.js'

export async function run(ctx: Context): Promise<void> {
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
