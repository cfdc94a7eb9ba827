import { once } from 'node:events'
import { Socket } from 'node:net'
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
 *
 * Connections come from a pg.Pool that knex uses as its pool (`connectionPool`), for
 * two reasons measured in docs/performance.md: the first connection is opened before
 * knex is loaded, so the server's handshake overlaps compiling knex; and
 * `allowExitOnIdle` lets the process exit as soon as its work is done, instead of
 * waiting about 10 ms for the server to close each connection.
 */
export async function connect(target: DbTarget, options: ConnectOptions): Promise<Knex> {
  const { default: pg } = await import('./pg-driver.js')
  // The first connection's socket, to know when pg has sent its startup message.
  let firstSocket: Promise<unknown> | undefined
  const pool = new pg.Pool({
    ...(await connectionConfig(target, options)),
    stream: () => {
      const socket = new Socket()
      firstSocket ??= once(socket, 'connect').catch(() => {})
      return socket
    },
    max: 4,
    allowExitOnIdle: true,
    // The embedded database answers one statement at a time: wait for another
    // process's long statement as long as for its lock.
    connectionTimeoutMillis: target.kind === 'embedded' ? options.lockTimeoutMs : 5000,
  })
  // Connection problems are thrown and explained by translateConnectError; unhandled,
  // an idle connection's error would end the process.
  pool.on('error', () => {})
  // The pool listens only to idle connections. A connection in use that drops (server
  // killed, pg_terminate_backend, `db stop`) rejects its statement, and the command
  // reports that (lost-connection.ts); the client's 'error' event that follows would,
  // with no listener, end the process with a stack trace.
  pool.on('connect', (client) => client.on('error', () => {}))
  const first = pool.connect()
  first.catch(() => {})
  // pg sends its startup message as the socket connects (its listener runs before this
  // one resumes), so the server forks and authenticates while knex loads.
  await firstSocket
  const { default: knexFactory } = await import('knex')
  const knex = knexFactory({
    client: 'pg',
    // Stated, so knex skips its `select version()` round trip on every connection. It
    // only decides whether a json column is json (>= 9.2); every supported server is.
    version: '13',
    connectionPool: pool,
    // knex's own logging would print connection problems a second time, with a stack
    // trace, on stdout.
    log: { warn: quiet, error: quiet, deprecate: quiet, debug: quiet },
  })
  pools.set(knex, pool)
  try {
    ;(await first).release()
    await checkSchema(knex, target, options)
  } catch (error) {
    await disconnect(knex)
    throw translateConnectError(error, target)
  }
  return knex
}

/** The pool behind each knex that connect() made: knex does not end a pool it was given. */
const pools = new WeakMap<Knex, pg.Pool>()

/**
 * Closes knex's connections: each is sent its goodbye (Terminate), but nobody waits for
 * the server to close its end. Idle connections do not keep the process alive
 * (`allowExitOnIdle`), so a command that is done exits at once.
 */
export async function disconnect(knex: Knex): Promise<void> {
  await knex.destroy()
  pools.get(knex)?.end().catch(() => {})
}

async function connectionConfig(target: DbTarget, options: ConnectOptions): Promise<pg.PoolConfig> {
  if (target.kind === 'server') {
    const { serverConnectionString } = await import('./server-config.js')
    return { connectionString: await serverConnectionString(target.url) }
  }
  const { ensureEmbeddedServer } = await import('./embedded/client.js')
  const paths = await ensureEmbeddedServer(target.dataDir, {
    timeoutMs: options.lockTimeoutMs,
    onCreate: (dir) => options.notice(`Creating the embedded database in ${dir} (first run, a few seconds)...`),
  })
  return { host: paths.socketDir, port: 5432, user: 'postgres', database: 'postgres' }
}

const quiet = () => {}

async function checkSchema(knex: Knex, target: DbTarget, options: ConnectOptions) {
  // The first connection, made in connect(), has shown that the database answers.
  if (options.schema === 'any') return
  const { readSchema, assertUsable, migrateLatest } = await import('./schema.js')
  const { state, newest } = await readSchema(knex)
  // The embedded database is kept migrated automatically (its server migrates when it
  // starts; this covers a server left running by an older version).
  if (target.kind === 'embedded' && state !== 'current' && state !== 'ahead') await migrateLatest(knex)
  else assertUsable(state, newest)
}

/** Driver errors at connection time, turned into one line that says what to do. */
export function translateConnectError(error: unknown, target: DbTarget): unknown {
  if (error instanceof DatabaseError) return error
  const { code, message } = error as { code?: string; message?: string }
  if (target.kind === 'embedded') {
    // pg's words for both ways of giving up: no connection came free, or the
    // server did not answer the connection in time.
    if (/timeout exceeded when trying to connect|connection timeout/i.test(message ?? '')) {
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
    // The server answered but cancelled a statement: its statement_timeout (set for
    // the database or the role) is shorter than the schema check takes.
    case '57014':
      return new DatabaseError(
        `PostgreSQL at ${where} cancelled a query while wishlist was connecting: statement timeout.`,
        'The statement_timeout set for this database or role is too short; raise it (ALTER DATABASE or ALTER ROLE ... SET statement_timeout).',
      )
  }
  if (message === 'The server does not support SSL connections') {
    return new DatabaseError(
      `PostgreSQL at ${where} does not accept SSL connections, and the URL asks for SSL (sslmode).`,
      'Use sslmode=prefer or sslmode=disable in DATABASE_URL / --db, or enable SSL on the server.',
    )
  }
  // pg's own timeouts (no SQLSTATE); a server's "canceling statement due to ...
  // timeout" has a code and is not a connection problem.
  if (!code && message?.includes('timeout')) {
    return new DatabaseError(`Cannot connect to PostgreSQL at ${where}: timed out.`, hint)
  }
  return error
}
