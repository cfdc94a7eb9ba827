import type { Context } from '../../context.js'
import { printJson, printRecords } from '../../output/render.js'
import { userColumns, userJson } from '../../output/users.js'
import { listUsers } from '../../store/users.js'

export async function usersRun(ctx: Context): Promise<void> {
  const users = await listUsers(await ctx.db())
  if (ctx.options.json) return printJson(ctx.io, users.map(userJson))
  await ctx.page((io) => printRecords(io, userColumns, users))
  if (users.length === 0) ctx.info('No users yet. Add one with `wishlist users add --email EMAIL`.')
}
