import type { Knex } from 'knex'
import type { Context } from '../../context.js'
import { UsageError } from '../../errors.js'
import { currentUser } from '../../session.js'
import type { User } from '../../store/users.js'
import { count } from '../../output/words.js'

/**
 * Until lists have owners' permissions (the sharing issue), any user of a database can
 * change any other's data. The catalogue and user commands that would therefore
 * change other users' lists say so, and a script must name how many of their
 * entries go: `--yes` confirms your own data, `--others N` theirs, and N must be the
 * actual number, so a script written for one book cannot silently empty other
 * people's lists for another (docs/configuration.md, "Other users' data").
 */
export interface OthersOptions {
  yes?: boolean
  others?: number
}

/** The entries of other users that a command would change. */
export interface OthersAffected {
  entries: number
  users: number
}

/**
 * The current user when one is chosen; undefined when none is (several users and no
 * --user, or none at all), where `books show` shows counts only and every user is
 * someone else. An unknown --user or saved default is still an error.
 */
export async function currentUserIfChosen(ctx: Context, knex: Knex): Promise<User | undefined> {
  try {
    return await currentUser(ctx, knex)
  } catch (error) {
    if (error instanceof UsageError) return undefined
    throw error
  }
}

/** "3 lists of 2 other users" (each entry is one list holding the book). */
export function othersLists(affected: OthersAffected): string {
  const lists = count(affected.entries, 'list')
  const users = count(affected.users, 'other user')
  return `${lists} of ${users}`
}

/**
 * With --yes (no prompt), other users' entries go only with `--others N` naming
 * exactly how many. `required` also asks for it when there are none (deleting
 * another user always changes their data). Exit 2 otherwise, changing nothing.
 */
export function checkOthersConfirmed(options: OthersOptions, affected: OthersAffected, what: string, required = false): void {
  if (!required && affected.entries === 0) {
    if (options.others !== undefined && options.others !== 0) throw mismatch(options.others, affected, what)
    return
  }
  if (options.others === undefined) {
    throw new UsageError(
      `${what}; --yes alone does not change other users' data.`,
      `Pass --yes --others ${affected.entries} to confirm (the number of their entries that go).`,
    )
  }
  if (options.others !== affected.entries) throw mismatch(options.others, affected, what)
}

function mismatch(given: number, affected: OthersAffected, what: string): UsageError {
  return new UsageError(
    `--others ${given} does not match: ${what}.`,
    `Nothing was changed. Pass --others ${affected.entries} if that is what you mean.`,
  )
}
