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
}

interface UserRow {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
  created_at: Date
}

const toUser = (row: UserRow): User => ({
  id: row.id,
  email: row.email,
  firstName: row.first_name,
  lastName: row.last_name,
  createdAt: row.created_at,
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

/** Users whose email starts with `prefix` (any case), by email: shell completion's candidates. */
export async function emailsStartingWith(knex: Knex, prefix: string, limit: number): Promise<User[]> {
  const escaped = prefix.replace(/[\\%_]/g, (char) => `\\${char}`)
  const rows: UserRow[] = await knex('users').select('*').whereILike('email', `${escaped}%`).orderBy('email').limit(limit)
  return rows.map(toUser)
}
