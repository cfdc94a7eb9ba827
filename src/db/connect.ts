import type { Knex } from 'knex'
import type pg from 'pg'
import { DatabaseError } from '../errors.js'
import { type DbTarget, describeServer } from './target.js'

export interface ConnectOptions {
  /** Whether to check (server) or bring up to date (embedded) the schema. */
  schema: 'require-current' | 'any'
  /** How long to wait for the embedded database when another process holds it. */
  lockTimeoutMs: number
  /** Where to say that a new embedded database is being created. */
  notice: (message: string) => void
}

/**
 * Opens a knex + pg connection to either backend. Everything heavy (knex, pg, the
 * embedded server) is imported here, so commands that never touch the database
 * (--help, --version) never load it.
 */
export async function connect(target: DbTarget, options: ConnectOptions): Promise<Knex> {
  const [{ default: knexFactory }] = await Promise.all([import('knex'), import('./pg-driver.js')])
  let connection: Knex.PgConnectionConfig | string
  if (target.kind === 'server') {
    connection = { connectionString: target.url, connectionTimeoutMillis: 5000 } as Knex.PgConnectionConfig
  } else {
    const { ensureEmbeddedServer } = await import('./embedded/client.js')
    const paths = await ensureEmbeddedServer(target.dataDir, {
      timeoutMs: options.lockTimeoutMs,
      onCreate: (dir) => options.notice(`Creating the embedded database in ${dir} (first run, a few seconds)...`),
    })
    connection = { host: paths.socketDir, port: 5432, user: 'postgres', database: 'postgres' }
  }
  const knex = knexFactory({
    client: 'pg',
    // Stated, so knex skips its `select version()` round trip on every connection. It
    // only decides whether a json column is json (>= 9.2); every supported server is.
    version: '13',
    connection,
    pool: { min: 0, max: 4 },
    // The embedded database answers one statement at a time: wait for another
    // process's long statement as long as for its lock.
    acquireConnectionTimeout: target.kind === 'embedded' ? options.lockTimeoutMs : 10_000,
    // Connection problems are thrown and explained by translateConnectError; knex's
    // own logging would print them a second time, with a stack trace, on stdout.
    log: { warn: quiet, error: quiet, deprecate: quiet, debug: quiet },
  })
  knex.client.destroyRawConnection = endWithoutWaiting
  try {
    await checkSchema(knex, target, options)
  } catch (error) {
    await knex.destroy()
    throw translateConnectError(error, target)
  }
  return knex
}

const quiet = () => {}

/**
 * Closes a connection without waiting for the server to close its end: pg's end()
 * sends Terminate and then waits about 10 ms while the server's backend exits, which
 * every command would spend after its work is done (docs/performance.md). Every
 * statement has finished by then; the unreferenced socket no longer keeps Node alive.
 */
async function endWithoutWaiting(connection: pg.Client & { connection?: { stream?: { unref?: () => void } } }): Promise<void> {
  connection.end().catch(() => {})
  connection.connection?.stream?.unref?.()
}

async function checkSchema(knex: Knex, target: DbTarget, options: ConnectOptions) {
  if (options.schema === 'any') {
    await knex.raw('select 1')
    return
  }
  const { schemaState, assertUsable, migrateLatest } = await import('./schema.js')
  const state = await schemaState(knex)
  // The embedded database is kept migrated automatically (its server migrates when it
  // starts; this covers a server left running by an older version).
  if (target.kind === 'embedded' && state !== 'current' && state !== 'ahead') await migrateLatest(knex)
  else assertUsable(state)
}

/** Driver errors at connection time, turned into one line that says what to do. */
export function translateConnectError(error: unknown, target: DbTarget): unknown {
  if (error instanceof DatabaseError) return error
  const { code, message } = error as { code?: string; message?: string }
  if (target.kind === 'embedded') {
    if ((error as Error).name === 'KnexTimeoutError') {
      return new DatabaseError(
        `The embedded database in ${target.dataDir} stayed busy with another wishlist command; gave up waiting.`,
        'Try again when it has finished, or set WISHLIST_LOCK_TIMEOUT (seconds).',
      )
    }
    return new DatabaseError(`The embedded database in ${target.dataDir} is not usable: ${message}`)
  }
  const where = describeServer(target.url)
  const hint = 'Start it with `docker compose up -d`, or check DATABASE_URL / --db.'
  switch (code) {
    case 'ECONNREFUSED':
      return new DatabaseError(`Cannot connect to PostgreSQL at ${where}: connection refused.`, hint)
    // A Unix socket (?host=/run/postgresql) that no server has made.
    case 'ENOENT':
      return new DatabaseError(`Cannot connect to PostgreSQL at ${where}: no server is listening there.`, hint)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DatabaseError(`Cannot connect to PostgreSQL at ${where}: unknown host.`, hint)
    case 'ETIMEDOUT':
      return new DatabaseError(`Cannot connect to PostgreSQL at ${where}: timed out.`, hint)
    case '28P01':
    case '28000':
      return new DatabaseError(`PostgreSQL at ${where} refused the login.`, 'Check the user and password in DATABASE_URL / --db.')
    case '3D000':
      return new DatabaseError(`PostgreSQL at ${where}: ${message}.`, 'Create it (createdb) or fix the database name in DATABASE_URL / --db.')
  }
  if (message?.includes('timeout')) {
    return new DatabaseError(`Cannot connect to PostgreSQL at ${where}: timed out.`, hint)
  }
  return error
}
