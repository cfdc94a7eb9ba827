import type { Context } from '../../context.js'
import { printJson } from '../../output/render.js'
import { userJson } from '../../output/users.js'
import { addUser, displayName, linkRole } from '../../store/users.js'
import { requireServerAdmin } from '../shared/server-admin.js'

export interface UserAddOptions {
  email: string
  firstName?: string
  lastName?: string
  /** On a server: the PostgreSQL role they log in as (docs/sharing.md). */
  role?: string
}

export async function addRun(ctx: Context, options: UserAddOptions): Promise<void> {
  const knex = await ctx.db()
  if (options.role !== undefined) await requireServerAdmin(ctx, knex)
  // With --role, one transaction: a role that cannot be linked adds no user.
  const user = await knex.transaction(async (trx) => {
    const added = await addUser(trx, options)
    return options.role === undefined ? added : linkRole(trx, added, options.role)
  })
  if (ctx.options.json) return printJson(ctx.io, userJson(user))
  ctx.info(`Added user ${displayName(user)} (${user.id})${user.role ? `, who logs in as PostgreSQL role ${user.role}` : ''}.`)
}
