import { readConfig, savedDefaultUser, withDefaultUser, writeConfig } from '../../config.js'
import type { Context } from '../../context.js'
import { DeclinedError } from '../../errors.js'
import { printJson } from '../../output/render.js'
import { safeText } from '../../output/safe-text.js'
import { userJson } from '../../output/users.js'
import { countEntries } from '../../store/entries.js'
import { type User, displayName, getUser, removeUser } from '../../store/users.js'
import { listsOf } from '../../store/wishlists.js'
import { type OthersOptions, checkOthersConfirmed, currentUserIfChosen } from '../shared/others.js'
import { count } from '../../output/words.js'

export async function removeRun(ctx: Context, ref: string, options: OthersOptions): Promise<void> {
  const knex = await ctx.db()
  const user = await getUser(knex, ref)
  const me = await currentUserIfChosen(ctx, knex)
  const lists = (await listsOf(knex, user.id)).length
  const theirLists = `their ${count(lists, 'list')}`
  // Removing anyone but yourself changes another user's data: said, and confirmed
  // with --others N (their entries) when not asked.
  const other = me?.id !== user.id
  const entries = other ? await countEntries(knex, { userId: user.id }) : undefined
  const books = entries && count(entries.entries, 'book')
  const whose = me ? `not you (you are ${me.email})` : 'another user (no user is chosen)'
  if (!options.yes) {
    ctx.requirePrompt('--yes')
    const question = other
      ? `Delete user ${safeText(displayName(user))} and ${theirLists} (${books} on them)? They are ${safeText(whose)}.`
      : `Delete user ${safeText(displayName(user))} and ${theirLists}?`
    if (!(await ctx.prompter.confirm(question))) throw new DeclinedError('Nothing was deleted.')
  } else if (entries) {
    checkOthersConfirmed(options, entries, `${displayName(user)} is ${whose}, with ${books} on ${theirLists}`, true)
  }
  await removeUser(knex, user)
  const cleared = await clearSavedDefault(ctx, user)
  if (ctx.options.json) return printJson(ctx.io, { ...userJson(user), list_count: lists })
  ctx.info(`Deleted user ${displayName(user)} and ${theirLists}.${cleared ? ' They were the saved default; that is now cleared.' : ''}`)
}

/**
 * A saved default that names a deleted user would make every later command fail, so
 * it is cleared. The user is deleted first and a config that cannot be written is
 * only a warning: the deletion is what was asked for and is done (exit 0), and the
 * stale default is harmless until used, when it fails with a clear message and the
 * way out (`users use`). Checking that the file can be written before deleting would
 * still leave a window, and would refuse a deletion over a file's permissions.
 */
async function clearSavedDefault(ctx: Context, user: User): Promise<boolean> {
  const config = await readConfig(ctx.configPath)
  const saved = savedDefaultUser(config, ctx.target)
  if (!saved || saved.legacy || !isSameUser(saved.ref, user)) return false
  try {
    await writeConfig(ctx.configPath, withDefaultUser(config, ctx.target, undefined))
    return true
  } catch (error) {
    ctx.warn(
      `${displayName(user)} was the saved default, but ${ctx.configPath} could not be updated (${(error as Error).message}); ` +
        'choose another with `wishlist users use USER`.',
    )
    return false
  }
}

function isSameUser(saved: string, user: User): boolean {
  return saved.toLowerCase() === user.id || saved.toLowerCase() === user.email.toLowerCase()
}
