import { createHash } from 'node:crypto'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import knexFactory, { type Knex } from 'knex'
import '../../src/db/pg-driver.js'
import { ensureEmbeddedServer } from '../../src/db/embedded/client.js'
import { embeddedPaths } from '../../src/db/embedded/paths.js'
import { stopServer } from '../../src/db/embedded/stop-server.js'
import { migrateLatest } from '../../src/db/schema.js'
import type { DbTarget } from '../../src/db/target.js'

/**
 * Throwaway databases on both backends, for one parameterised suite
 * (after Backstage's TestDatabases): a fresh database on the PostgreSQL server, or a
 * fresh embedded data directory copied from a migrated template.
 */
export type BackendId = 'embedded' | 'server'
export const BACKENDS: BackendId[] = ['embedded', 'server']

export interface TestDatabase {
  backend: BackendId
  target: DbTarget
  /** Environment that points a spawned `wishlist` at this database. */
  env: Record<string, string>
  /** A connection for the test's own setup and assertions. */
  knex: Knex
  /** Empties every table (keeps the schema). */
  truncate(): Promise<void>
  destroy(): Promise<void>
}

export const SERVER_URL = process.env.WISHLIST_TEST_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres'
/** Short idle time so background servers left by tests go away on their own. */
// WISHLIST_OFFLINE: no test reaches the internet; the catalogue tests turn it off and point
// WISHLIST_CATALOGUE_URL at a local stand-in (test/helpers/catalogue-stand-in.ts).
export const TEST_ENV = { WISHLIST_SERVER_IDLE_SECONDS: '15', NO_COLOR: '1', WISHLIST_OFFLINE: '1' }

let serverAvailable: Promise<boolean> | undefined
let template: Promise<string> | undefined
const scratch = mkdtemp(join(tmpdir(), 'wishlist-test-'))

export async function createTestDatabase(backend: BackendId, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true
  return backend === 'server' ? createServerDatabase(migrate) : createEmbeddedDatabase(migrate)
}

/** True when the PostgreSQL server answers. Under CI=true its absence is a failure. */
export function serverIsAvailable(): Promise<boolean> {
  serverAvailable ??= (async () => {
    const knex = adminKnex()
    try {
      await knex.raw('select 1')
      return true
    } catch (error) {
      if (process.env.CI === 'true') throw new Error(`CI=true and PostgreSQL at ${SERVER_URL} is unreachable: ${error}`)
      return false
    } finally {
      await knex.destroy()
    }
  })()
  return serverAvailable
}

async function createServerDatabase(migrate: boolean): Promise<TestDatabase> {
  const name = `wishlist_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = adminKnex()
  try {
    await admin.raw(`create database ${name}`)
  } finally {
    await admin.destroy()
  }
  const url = new URL(SERVER_URL)
  url.pathname = `/${name}`
  const target: DbTarget = { kind: 'server', url: url.toString() }
  const knex = knexFactory({ client: 'pg', connection: target.url, pool: { min: 0, max: 4 } })
  if (migrate) await migrateLatest(knex)
  return {
    backend: 'server',
    target,
    env: { ...TEST_ENV, DATABASE_URL: target.url },
    knex,
    truncate: () => truncateAll(knex),
    async destroy() {
      await knex.destroy()
      const admin = adminKnex()
      try {
        await admin.raw(`drop database if exists ${name} with (force)`)
        // Its group role (migration 20261202000032) is cluster-wide: it goes too.
        await admin.raw('drop role if exists ??', [memberRoleOf(name)])
      } finally {
        await admin.destroy()
      }
    },
  }
}

async function createEmbeddedDatabase(migrate: boolean): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(await scratch, 'data-'))
  if (migrate) {
    // Creating a PGlite database takes seconds; copying a migrated one takes a fraction.
    // Made by the engine WISHLIST_EMBEDDED_ENGINE picks (or the default) for the whole run.
    await cp(join(await embeddedTemplate(), 'pgdata'), join(dataDir, 'pgdata'), { recursive: true })
  }
  const target: DbTarget = { kind: 'embedded', dataDir }
  // destroy() stops this server, so it may idle longer than TEST_ENV's 15 s: a suite's
  // own set-up (a large file written in a `before`) can take that long on a busy
  // machine, and the suite's knex connects to the socket, never starting a server.
  const paths = await withEnv({ ...TEST_ENV, WISHLIST_SERVER_IDLE_SECONDS: '600' }, () =>
    ensureEmbeddedServer(dataDir, { timeoutMs: 60_000 }),
  )
  const knex = knexFactory({
    client: 'pg',
    connection: { host: paths.socketDir, port: 5432, user: 'postgres', database: 'postgres' },
    pool: { min: 0, max: 4 },
  })
  return {
    backend: 'embedded',
    target,
    env: { ...TEST_ENV, WISHLIST_DATA_DIR: dataDir },
    knex,
    truncate: () => truncateAll(knex),
    async destroy() {
      await knex.destroy()
      await stopEmbeddedServer(dataDir)
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** Stops the background server of a data directory and waits until it has gone. */
export async function stopEmbeddedServer(dataDir: string): Promise<void> {
  await stopServer(embeddedPaths(dataDir))
}

function embeddedTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = join(await scratch, 'template')
    await withEnv(TEST_ENV, () => ensureEmbeddedServer(dir, { timeoutMs: 120_000 }))
    await stopEmbeddedServer(dir)
    return dir
  })()
  return template
}

export async function removeScratch(): Promise<void> {
  if (template) await stopEmbeddedServer(await template).catch(() => {})
  await rm(await scratch, { recursive: true, force: true })
}

async function truncateAll(knex: Knex): Promise<void> {
  await knex.raw('truncate wishlist_entries, wishlists, books, users cascade')
}

/** The group role that the migrations make for a database of this name (wishlist_member_role()). */
export function memberRoleOf(database: string): string {
  const name = `wishlist_member_${database}`
  return name.length > 63 ? `wishlist_member_${createHash('md5').update(database).digest('hex')}` : name
}

export function adminKnex(): Knex {
  return knexFactory({ client: 'pg', connection: SERVER_URL, pool: { min: 0, max: 1 } })
}

/** The spawned server inherits process.env; tests set theirs around the spawn. */
async function withEnv<T>(env: Record<string, string>, action: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]))
  Object.assign(process.env, env)
  try {
    return await action()
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
}

/**
 * Declares a suite once per backend; `get()` gives the suite's database. Server
 * suites are skipped (with a note) when no server answers, except under CI=true.
 */
export function describeEachBackend(title: string, body: (get: () => TestDatabase) => void): void {
  for (const backend of BACKENDS) {
    describe(`${title} [${backend}]`, function () {
      let database: TestDatabase | undefined
      before(async function () {
        if (backend === 'server' && !(await serverIsAvailable())) {
          console.warn(`    (skipped: no PostgreSQL server at ${SERVER_URL})`)
          this.skip()
        }
        database = await createTestDatabase(backend)
      })
      after(async () => {
        await database?.destroy()
      })
      body(() => {
        if (!database) throw new Error('test database not created')
        return database
      })
    })
  }
}
