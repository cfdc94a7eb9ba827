import type { Knex } from 'knex'
import type { Context } from '../../context.js'
import { UsageError } from '../../errors.js'
import { loginIdentity } from '../../store/users.js'

/**
 * Linking roles is for a PostgreSQL server, and for its administrator: the embedded
 * database has no logins (its users are profiles), and a linked role may not link.
 */
export async function requireServerAdmin(ctx: Context, knex: Knex): Promise<void> {
  if (ctx.target.kind !== 'server') {
    throw new UsageError(
      'The embedded database has no logins: its users are profiles, not PostgreSQL roles.',
      'Roles are linked on a PostgreSQL server (DATABASE_URL or --db); see docs/sharing.md.',
    )
  }
  const login = await loginIdentity(knex)
  if (!login.admin) {
    throw new UsageError(
      `Only the administrator (the role that owns the schema) links roles; you are logged in as ${login.role}.`,
    )
  }
}
