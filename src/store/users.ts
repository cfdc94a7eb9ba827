import type { Knex } from 'knex'
import { TEXT_LIMITS, checkedText } from '../domain/limits.js'
import { isUuid } from '../domain/uuid.js'
import { isUniqueViolation } from './pg-errors.js'
import { storeError } from './errors.js'

export interface User {
  id: string
  email: string
  firstName: string | null
  lastName: string | null
  createdAt: Date
  /** The PostgreSQL role this user logs in as on a server (`users link`), if any. */
  role: string | null
}

interface UserRow {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
  created_at: Date
  role: string | null
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  createdAt: row.created_at,
  role: row.role ?? null,
})

export async function listUsers(knex: Knex): Promise<User[]> {
  const rows: UserRow[] = await knex('users').select('*').orderBy([{ column: 'email' }])
  return rows.map(toUser)
}

/** A user by id or email (any case); undefined when there is none. */
export async function findUser(knex: Knex, ref: string): Promise<User | undefined> {
  const trimmed = checkedText(ref.trim(), 'USER', TEXT_LIMITS.email)
  const query = knex<UserRow>('users').first('*')
  const row: UserRow | undefined = isUuid(trimmed)
    ? await query.where({ id: trimmed.toLowerCase() })
    : await query.whereRaw('lower(email) = lower(?)', [trimmed])
  return row && toUser(row)
}

/** Like findUser, but an unknown user is a NotFoundError (with the emails, for a "did you mean"). */
export async function getUser(knex: Knex, ref: string): Promise<User> {
  const user = await findUser(knex, ref)
  if (user) return user
  const emails: string[] = isUuid(ref) ? [] : (await knex('users').pluck('email')).slice(0, 10_000)
  throw storeError({ kind: 'no-user', ref, emails })
}

/** The only user, when exactly one exists (SPEC "Who I am"). */
export async function onlyUser(knex: Knex): Promise<User | undefined> {
  const rows: UserRow[] = await knex('users').select('*').limit(2)
  return rows.length === 1 ? toUser(rows[0]!) : undefined
}

export interface NewUser {
  email: string
  firstName?: string
  lastName?: string
  /** A PostgreSQL role to link (server only): linkRole checks and grants it. */
  role?: string
}

export async function addUser(knex: Knex, user: NewUser): Promise<User> {
  const email = checkedText(user.email.trim(), '--email', TEXT_LIMITS.email)
  if (user.firstName !== undefined) checkedText(user.firstName.trim(), '--first-name', TEXT_LIMITS.personName)
  if (user.lastName !== undefined) checkedText(user.lastName.trim(), '--last-name', TEXT_LIMITS.personName)
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw storeError({ kind: 'not-an-email', email: user.email })
  try {
    const [row] = await knex('users')
      .insert({ email, first_name: user.firstName?.trim() || null, last_name: user.lastName?.trim() || null })
      .returning('*')
    return toUser(row)
  } catch (error) {
    if (isUniqueViolation(error)) throw storeError({ kind: 'email-taken', email })
    throw error
  }
}

/** Deletes a user; their lists and entries go with them (foreign keys cascade). */
export async function removeUser(knex: Knex, user: User): Promise<void> {
  const deleted: unknown[] = await knex('users').where({ id: user.id }).del().returning('id')
  // Another command deleted them since they were looked up.
  if (deleted.length === 0) throw storeError({ kind: 'user-vanished', email: user.email })
}

export function displayName(user: User): string {
  const name = [user.firstName, user.lastName].filter(Boolean).join(' ')
  return name ? `${name} <${user.email}>` : user.email
}

/**
 * Who is logged in (server): the role running the statements, the user linked to it,
 * and whether it is an administrator, to whom row-level security does not apply (a
 * superuser, a role with BYPASSRLS, or a member of the role owning the tables). One
 * query.
 */
export async function loginIdentity(knex: Knex): Promise<{ role: string; user?: User; admin: boolean }> {
  const { rows } = await knex.raw(`select current_user::text as login,
      coalesce((select r.rolsuper or r.rolbypassrls from pg_roles r where r.rolname = current_user), false)
        or pg_has_role(c.relowner, 'USAGE') as admin,
      u.*
    from pg_class c left join users u on u.role = current_user::text
   where c.oid = 'users'::regclass`)
  const row = rows[0] as UserRow & { login: string; admin: boolean }
  return { role: row.login, admin: row.admin, user: row.id ? toUser(row) : undefined }
}

/** A PostgreSQL role name as given to `users link` / `--role`: 1 to 63 bytes. */
export function checkRoleName(role: string): string {
  const trimmed = role.trim()
  if (trimmed === '' || Buffer.byteLength(trimmed) > 63 || trimmed.includes('\0')) throw storeError({ kind: 'not-a-role-name', role })
  return trimmed
}

/**
 * Links a user to the PostgreSQL role they log in as, and makes the role a member of
 * this database's group role (which holds the table privileges). In the caller's
 * transaction, so a refused grant links nothing.
 */
export async function linkRole(knex: Knex, user: User, role: string): Promise<User> {
  const name = checkRoleName(role)
  const { rows } = await knex.raw(
    `select r.rolsuper or r.rolbypassrls or pg_has_role(r.oid, c.relowner, 'USAGE') as bypasses,
            wishlist_member_role()::text as member,
            exists (select 1 from pg_roles m where m.rolname = wishlist_member_role()) as member_exists
       from pg_roles r, pg_class c where r.rolname = ? and c.oid = 'users'::regclass`,
    [name],
  )
  const found = rows[0] as { bypasses: boolean; member: string; member_exists: boolean } | undefined
  if (!found) throw storeError({ kind: 'no-role', role: name })
  if (found.bypasses) throw storeError({ kind: 'role-bypasses-rls', role: name })
  if (!found.member_exists) throw storeError({ kind: 'no-group-role', group: found.member })
  const holder = await userOfRole(knex, name)
  if (holder && holder.toLowerCase() !== user.email.toLowerCase()) throw storeError({ kind: 'role-taken', role: name, email: holder })
  let row: UserRow | undefined
  try {
    ;[row] = await knex('users').where({ id: user.id }).update({ role: name }).returning('*')
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    throw storeError({ kind: 'role-taken', role: name })
  }
  if (!row) throw storeError({ kind: 'user-vanished', email: user.email })
  try {
    await knex.raw('grant ?? to ??', [found.member, name])
  } catch (error) {
    if ((error as { code?: string }).code === '42501') throw storeError({ kind: 'grant-refused', group: found.member, role: name })
    throw error
  }
  return toUser(row)
}

/** The email of the user linked to a role, if any (to say who holds it). */
export async function userOfRole(knex: Knex, role: string): Promise<string | undefined> {
  return knex('users').where({ role }).first('email').then((row) => row?.email)
}

/** Users whose email starts with `prefix` (any case), by email: shell completion's candidates. */
export async function emailsStartingWith(knex: Knex, prefix: string, limit: number): Promise<User[]> {
  const escaped = prefix.replace(/[\\%_]/g, (char) => `\\${char}`)
  const rows: UserRow[] = await knex('users').select('*').whereILike('email', `${escaped}%`).orderBy('email').limit(limit)
  return rows.map(toUser)
}
