import { randomBytes } from 'node:crypto'
import knexFactory, { type Knex } from 'knex'
import '../../src/db/pg-driver.js'
import { type TestDatabase, adminKnex } from './databases.js'

/**
 * Login roles for people on a server test database. Roles are cluster-wide, so each
 * gets a name no other test run uses (wl_<random>_<person>), is made a member of the
 * database's group role (wishlist_member_role()), and is dropped by `drop()`.
 */
export interface TestRoles {
  /** person -> role name */
  names: Record<string, string>
  /** A database URL that logs in as the person's role (trust authentication). */
  url(person: string, base?: string): string
  /** A connection as the person's role, for raw SQL. */
  knexAs(person: string, base?: string): Knex
  drop(): Promise<void>
}

export async function createRoles(db: TestDatabase, people: string[], options: { grant?: boolean } = {}): Promise<TestRoles> {
  if (db.target.kind !== 'server') throw new Error('roles need a server database')
  const tag = randomBytes(4).toString('hex')
  const names = Object.fromEntries(people.map((person) => [person, `wl_${tag}_${person}`]))
  const member: string = (await db.knex.raw('select wishlist_member_role() as name')).rows[0].name
  const admin = adminKnex()
  try {
    for (const role of Object.values(names)) {
      await admin.raw('create role ?? login', [role])
      // Without: `wishlist users link` grants it, as the administrator would.
      if (options.grant ?? true) await admin.raw('grant ?? to ??', [member, role])
    }
  } finally {
    await admin.destroy()
  }
  const opened: Knex[] = []
  const serverUrl = db.target.url
  const url = (person: string, base = serverUrl) => {
    const parsed = new URL(base)
    parsed.username = names[person]!
    return parsed.toString()
  }
  return {
    names,
    url,
    knexAs(person, base) {
      const knex = knexFactory({ client: 'pg', connection: url(person, base), pool: { min: 0, max: 2 } })
      opened.push(knex)
      return knex
    },
    async drop() {
      await Promise.all(opened.map((knex) => knex.destroy()))
      const admin = adminKnex()
      try {
        for (const role of Object.values(names)) await admin.raw('drop role if exists ??', [role])
      } finally {
        await admin.destroy()
      }
    },
  }
}
