import type { Context } from '../../context.js'
import { printJson, printRecords } from '../../output/render.js'
import { userColumns, userJson } from '../../output/users.js'
import { listUsers } from '../../store/users.js'
import { NotFoundError } from '../../errors.js'
import { currentUserIfChosen } from '../shared/others.js'

export async function usersRun(ctx: Context): Promise<void> {
  const knex = await ctx.db()
  const users = await listUsers(knex)
  // The current user is marked; none when no user is chosen (or the chosen one is unknown).
  const me = await currentUserIfChosen(ctx, knex).catch((error) => {
    if (error instanceof NotFoundError) return undefined
    throw error
  })
  if (ctx.options.json) return printJson(ctx.io, users.map((user) => ({ ...userJson(user), current: user.id === me?.id })))
  printRecords(ctx.io, userColumns, users.map((user) => ({ ...user, isCurrent: user.id === me?.id })))
  if (users.length === 0) ctx.info('No users yet. Add one with `wishlist users add --email EMAIL`.')
}
