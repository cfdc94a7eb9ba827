import type { Context } from '../../context.js'
import { migrateLatest, rollback } from '../../db/schema.js'
import { DeclinedError } from '../../errors.js'

export async function resetRun(ctx: Context, options: { yes?: boolean }): Promise<void> {
  if (!options.yes) {
    ctx.requirePrompt('--yes')
    const where = ctx.target.kind === 'server' ? 'the server database' : ctx.target.dataDir
    if (!(await ctx.prompter.confirm(`Delete every user, book and list in ${where}?`))) throw new DeclinedError('Nothing was deleted.')
  }
  const knex = await ctx.db('any')
  await rollback(knex, true)
  await migrateLatest(knex)
  ctx.info('Database reset: the schema is empty and up to date. `wishlist db seed` adds sample data.')
}
