import type { Context } from '../../context.js'
import { printJson } from '../../output/render.js'
import { userJson } from '../../output/users.js'
import { addUser, displayName } from '../../store/users.js'

export interface UserAddOptions {
  email: string
  firstName?: string
  lastName?: string
}

export async function addRun(ctx: Context, options: UserAddOptions): Promise<void> {
  const user = await addUser(await ctx.db(), options)
  if (ctx.options.json) return printJson(ctx.io, userJson(user))
  ctx.info(`Added user ${displayName(user)} (${user.id}).`)
}
