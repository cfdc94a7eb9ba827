import { readConfig, writeConfig } from '../../config.js'
import type { Context } from '../../context.js'
import { printJson } from '../../output/render.js'
import { userJson } from '../../output/users.js'
import { displayName, getUser } from '../../store/users.js'

export async function useRun(ctx: Context, ref: string): Promise<void> {
  const user = await getUser(await ctx.db(), ref)
  // The id, not the email: it survives the user's email changing case or being edited.
  await writeConfig(ctx.configPath, { ...(await readConfig(ctx.configPath)), defaultUser: user.id })
  if (ctx.options.json) return printJson(ctx.io, userJson(user))
  ctx.info(`Commands now act as ${displayName(user)} unless --user or WISHLIST_USER says otherwise.`)
}
