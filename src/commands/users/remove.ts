import { readConfig, writeConfig } from '../../config.js'
import type { Context } from '../../context.js'
import { CancelledError } from '../../errors.js'
import { printJson } from '../../output/render.js'
import { safeText } from '../../output/safe-text.js'
import { userJson } from '../../output/users.js'
import { displayName, getUser, removeUser } from '../../store/users.js'
import { listsOf } from '../../store/wishlists.js'

export async function removeRun(ctx: Context, ref: string, options: { yes?: boolean }): Promise<void> {
  const knex = await ctx.db()
  const user = await getUser(knex, ref)
  const lists = (await listsOf(knex, user.id)).length
  const theirLists = lists === 1 ? 'their 1 list' : `their ${lists} lists`
  if (!options.yes) {
    ctx.requirePrompt('--yes')
    if (!(await ctx.prompter.confirm(`Delete user ${safeText(displayName(user))} and ${theirLists}?`))) {
      throw new CancelledError('Nothing was deleted.')
    }
  }
  await removeUser(knex, user.id)
  // A saved default that names a deleted user would make every later command fail.
  const config = await readConfig(ctx.configPath)
  const cleared = isSameUser(config.defaultUser, user.id, user.email)
  if (cleared) await writeConfig(ctx.configPath, { ...config, defaultUser: undefined })
  if (ctx.options.json) return printJson(ctx.io, { ...userJson(user), list_count: lists })
  ctx.info(`Deleted user ${displayName(user)} and ${theirLists}.${cleared ? ' They were the saved default; that is now cleared.' : ''}`)
}

function isSameUser(saved: string | undefined, id: string, email: string): boolean {
  return saved !== undefined && (saved.toLowerCase() === id || saved.toLowerCase() === email.toLowerCase())
}
