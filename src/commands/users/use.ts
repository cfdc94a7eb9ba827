import { readConfig, withDefaultUser, writeConfig } from '../../config.js'
import type { Context } from '../../context.js'
import { printJson } from '../../output/render.js'
import { userJson } from '../../output/users.js'
import { displayName, getUser } from '../../store/users.js'

export async function useRun(ctx: Context, ref: string): Promise<void> {
  const user = await getUser(await ctx.db(), ref)
  // The id, not the email: it survives the user's email changing case or being edited.
  // Saved for this database only (SPEC "Who I am"; docs/configuration.md).
  await writeConfig(ctx.configPath, withDefaultUser(await readConfig(ctx.configPath), ctx.target, user.id))
  if (ctx.options.json) return printJson(ctx.io, userJson(user))
  ctx.info(`Commands now act as ${displayName(user)} on this database unless --user or WISHLIST_USER says otherwise.`)
}
