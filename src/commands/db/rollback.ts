import type { Context } from '../../context.js'
import { type RollbackPlan, planRollback, rollback } from '../../db/schema.js'
import { DeclinedError, UsageError } from '../../errors.js'
import { printJson } from '../../output/render.js'
import { count, noun } from '../../output/words.js'

export interface Options {
  /** Undo every migration, not only the newest. */
  all?: boolean
  /** Do not ask before dropping data. */
  yes?: boolean
}

/**
 * Undoes the newest migration (or every one). Whatever would drop tables or columns
 * is found out first (planRollback) and said, and needs a yes on a terminal or --yes
 * elsewhere, as `db reset` does.
 */
export async function run(ctx: Context, options: Options): Promise<void> {
  const knex = await ctx.db('any')
  const all = options.all === true
  const plan = await planRollback(knex, all)
  const loss = describeLoss(plan)
  if (loss && !options.yes) {
    if (!ctx.canPrompt) throw new UsageError(`${loss}.`, '--yes required when not running interactively.')
    if (!(await ctx.prompter.confirm(`${loss}. Roll back?`))) throw new DeclinedError('Nothing was rolled back.')
  }
  const undone = plan.migrations.length === 0 ? [] : await rollback(knex, all)
  if (ctx.options.json) return printJson(ctx.io, { rolled_back: undone })
  ctx.info(undone.length === 0 ? 'Nothing to roll back.' : `Rolled back ${count(undone.length, 'migration')}:\n  ${undone.join('\n  ')}`)
}

/** "Rolling back 7 migrations drops the tables books (152 rows), ...", or nothing. */
export function describeLoss(plan: RollbackPlan): string | undefined {
  const parts = [
    ...(plan.tables.length > 0
      ? [`the ${noun(plan.tables.length, 'table')} ${plan.tables.map((t) => `${t.name} (${count(t.rows, 'row')})`).join(', ')}`]
      : []),
    ...(plan.columns.length > 0 ? [`the ${noun(plan.columns.length, 'column')} ${plan.columns.join(', ')}`] : []),
  ]
  if (parts.length === 0) return undefined
  return `Rolling back ${count(plan.migrations.length, 'migration')} drops ${parts.join(' and ')}`
}

