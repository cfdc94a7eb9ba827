import type { Knex } from 'knex'
import { readConfig, savedDefaultUser } from './config.js'
import type { Context } from './context.js'
import { NotFoundError, UsageError } from './errors.js'
import { isUuid } from './domain/uuid.js'
import { type User, findUser, getUser, loginIdentity, onlyUser } from './store/users.js'

/**
 * Who "I" am (SPEC): --user, else WISHLIST_USER, else the default saved by
 * `wishlist users use`, else the only user when there is exactly one.
 */
export async function currentUser(ctx: Context, knex: Knex): Promise<User> {
  const explicit = ctx.options.user ?? (ctx.env.WISHLIST_USER || undefined)
  // On a server, a person who logs in as their own role is that user, whatever they
  // pass; the database's row-level security enforces the same (docs/sharing.md).
  if (ctx.target.kind === 'server') {
    const login = await loginIdentity(knex)
    if (login.user) {
      if (explicit && !names(login.user, explicit)) {
        throw new LoginError(
          `You are logged in as PostgreSQL role ${login.role}, which is user ${login.user.email}: you cannot act as ${explicit}.`,
          'Only the administrator (the role that owns the schema) chooses the user with --user.',
        )
      }
      return login.user
    }
    if (!login.admin) {
      throw new LoginError(
        `PostgreSQL role ${login.role} is not linked to a wishlist user.`,
        'Ask the administrator to run `wishlist users link USER ROLE` (docs/sharing.md).',
      )
    }
  }
  if (explicit) return getUser(knex, explicit)
  // Saved per database: a default saved on one database says nothing about another.
  const saved = savedDefaultUser(await readConfig(ctx.configPath), ctx.target)
  if (saved) {
    const user = await findUser(knex, saved.ref)
    if (user) return user
    // The one default of an older config file may well belong to another database.
    if (!saved.legacy) {
      throw new NotFoundError(
        `The saved default user ${saved.ref} does not exist in this database.`,
        'Choose another with `wishlist users use USER`, or pass --user.',
      )
    }
  }
  const only = await onlyUser(knex)
  if (only) return only
  if (!(await knex('users').first('id'))) {
    throw new UsageError(
      'There are no users yet: commands act for a user.',
      'Add yourself with `wishlist users add --email EMAIL`, or run `wishlist db seed` for sample users.',
    )
  }
  throw new UsageError(
    'No user chosen: pass --user USER (id or email).',
    'Or set WISHLIST_USER, or save a default with `wishlist users use USER`.',
  )
}

/** Whether a --user / WISHLIST_USER value names this user (id, or email in any case). */
function names(user: User, ref: string): boolean {
  const trimmed = ref.trim()
  return isUuid(trimmed) ? trimmed.toLowerCase() === user.id : trimmed.toLowerCase() === user.email.toLowerCase()
}

/**
 * Who one is logged in as settles who one is: not a choice left open, so the
 * interactive mode does not offer to pick another user instead.
 */
export class LoginError extends UsageError {}
