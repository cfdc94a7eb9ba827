import type { Context } from '../../context.js'
import { printJson } from '../../output/render.js'
import { userJson } from '../../output/users.js'
import { displayName, getUser, linkRole } from '../../store/users.js'
import { requireServerAdmin } from '../shared/server-admin.js'

/** `users link USER ROLE`: the user logs in as ROLE from now on (server only). */
export async function linkRun(ctx: Context, userRef: string, role: string): Promise<void> {
  const knex = await ctx.db()
  await requireServerAdmin(ctx, knex)
  const linked = await knex.transaction(async (trx) => linkRole(trx, await getUser(trx, userRef), role))
  if (ctx.options.json) return printJson(ctx.io, userJson(linked))
  ctx.info(`Linked ${displayName(linked)} to PostgreSQL role ${linked.role}: connected as ${linked.role}, commands act as this user.`)
}
