import { existsSync, statSync } from 'node:fs'
import { cp, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { packageRoot } from '../../package-root.js'
import { NEWEST_MIGRATION_SQL, migrateLatest, stateOf } from '../schema.js'
import { DURABLE_START_PARAMS, DurableNodeFS } from './durable-fs.js'
import { ensurePrivateDir, ensureSocketDir, makeTreePrivate } from './file-modes.js'
import { recordedEngine } from './engine.js'
import { claimOwnership } from './ownership.js'
import { PRIVATE_PORT, embeddedPaths } from './paths.js'
import { withBatchAffinity } from './session-affinity.js'

export interface EmbeddedServerOptions {
  /** Stop after this long with no client connected. */
  idleMs: number
  log?: (message: string) => void
  /**
   * Called at once when the directory stops being this server's (ownership.ts): it
   * must end the process without closing PGlite, since closing writes a checkpoint.
   */
  onLost: (reason: string) => never
}

export interface RunningServer {
  stop(): Promise<void>
  /** Resolves when the server has stopped, for whatever reason. */
  stopped: Promise<void>
}

/**
 * The one process that owns an embedded data directory. It opens PGlite once, brings
 * the schema up to date, and serves PostgreSQL's wire protocol on a Unix socket, so
 * every command reaches the embedded database through the same knex + pg code as a
 * real server and pays PGlite's start-up cost only when no server is running.
 * Returns undefined when another live process already owns the directory.
 */
export async function startEmbeddedServer(
  dataDir: string,
  options: EmbeddedServerOptions,
): Promise<RunningServer | undefined> {
  const log = options.log ?? (() => {})
  const paths = embeddedPaths(dataDir)
  ensurePrivateDir(dataDir)
  if (paths.socketDir !== dataDir) ensureSocketDir(paths.socketDir)
  const ownership = await claimOwnership(paths)
  if (!ownership) return undefined
  ownership.watch(options.onLost)

  let db: PGlite | undefined
  let server: PGLiteSocketServer | undefined
  try {
    if (recordedEngine(paths) === 'native') throw new Error(`${paths.pgdata} is a native PostgreSQL database, not PGlite's`)
    db = await openPGlite(paths.pgdata)
    await ownership.adoptPgdata()
    if (await needsMigration(db, log)) await migrateThroughPrivateSocket(db, paths.socketDir, paths.privateSocket)
    // Files of older versions, and those PGlite itself makes 0644 (pg_internal.init).
    makeTreePrivate(dataDir)
    // A socket file left by a server that was killed; we own the directory now.
    await rm(paths.socket, { force: true })
    server = await serve(db, paths.socket)
  } catch (error) {
    await db?.close().catch(() => {})
    await ownership.release()
    throw error
  }
  log(`serving ${paths.pgdata} on ${paths.socket} (pid ${process.pid})`)

  let stopping: Promise<void> | undefined
  let resolveStopped!: () => void
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve))
  const stop = () =>
    (stopping ??= (async () => {
      const lost = ownership.lost()
      if (lost) options.onLost(lost)
      clearInterval(idleTimer)
      await reserving
      await server!.stop().catch(() => {})
      await db!.close().catch(() => {})
      await rm(paths.socket, { force: true })
      await ownership.release()
      log('stopped')
      resolveStopped()
    })())

  // A deleted or replaced socket file leaves the server unreachable: once no client is
  // connected through the old one, serve on a new one.
  let socketFile = statSync(paths.socket)
  let reserving: Promise<void> | undefined
  const reserve = async () => {
    // Not a socket in a directory that is no longer ours (deleted with it, say).
    const lost = ownership.lost()
    if (lost) options.onLost(lost)
    log(`${paths.socket} was deleted or replaced; serving on a new one`)
    await server!.stop().catch(() => {})
    await rm(paths.socket, { force: true })
    server = await serve(db!, paths.socket)
    socketFile = statSync(paths.socket)
    reserving = undefined
  }

  let lastBusy = Date.now()
  const idleTimer = setInterval(() => {
    if (server!.getStats().activeConnections > 0) lastBusy = Date.now()
    else if (!reserving && !stopping && !sameFile(paths.socket, socketFile)) {
      reserving = reserve().catch((error) => {
        log(`cannot serve on ${paths.socket}: ${error}`)
        void stop()
      })
    }
    else if (Date.now() - lastBusy >= options.idleMs) {
      log(`idle for ${Math.round(options.idleMs / 1000)} s`)
      void stop()
    }
  }, Math.min(1000, options.idleMs))

  return { stop, stopped }
}

/**
 * The build makes an already-initialised, migrated data directory (build-template.ts).
 * A new directory starts as a copy of it, copied by the file system and then opened
 * like any existing one: docs/performance.md has the numbers against restoring a
 * tarball in PGlite and against running initdb and every migration.
 */
export const TEMPLATE_PATH = join(packageRoot, 'dist', 'pgdata-template')

export const PGLITE_EXTENSIONS = { pg_trgm, unaccent }

async function openPGlite(pgdata: string): Promise<PGlite> {
  if (!existsSync(join(pgdata, 'PG_VERSION')) && existsSync(TEMPLATE_PATH)) {
    if ((await readdir(pgdata).catch(() => [])).length > 0) {
      throw new Error(`${pgdata} is not a database but is not empty either; move it away to start a new one`)
    }
    // Copied beside it, then renamed into place: a copy cut short by a crash is
    // never mistaken for a database. (Only the owner of the directory gets here.)
    const copying = `${pgdata}.new`
    await rm(copying, { recursive: true, force: true })
    await cp(TEMPLATE_PATH, copying, { recursive: true })
    makeTreePrivate(copying) // the template is world-readable (build-template.ts)
    await rm(pgdata, { recursive: true, force: true }) // empty, if there at all
    await rename(copying, pgdata)
  }
  return PGlite.create({
    dataDir: pgdata,
    // Commits are flushed to disk (durable-fs.ts): PGlite's defaults never flush.
    fs: new DurableNodeFS(pgdata),
    // 16 MB of shared buffers, as the native engine has, instead of 128: the idle
    // server holds 203 MB instead of 337, and a 20,000-row import is as fast
    // (docs/performance.md).
    startParams: [...DURABLE_START_PARAMS, '-c', 'shared_buffers=16MB'],
    extensions: PGLITE_EXTENSIONS,
  })
}

/**
 * Whether the database is behind this build. When the newest migration of this build
 * is the newest applied, the server starts without loading knex and its migrator
 * (0.35-0.45 s of every start). A schema migrated by a newer version is served as it
 * is, never migrated: `db info` and `db shell` still work on it, and every other
 * command refuses it (assertUsable in schema.ts) naming the reason.
 */
async function needsMigration(db: PGlite, log: (message: string) => void): Promise<boolean> {
  let state
  try {
    state = stateOf((await db.query<{ name: string }>(NEWEST_MIGRATION_SQL)).rows)
  } catch {
    return true // no knex_migrations yet: a database made without the template
  }
  if (state === 'ahead') log('the schema was migrated by a newer version of wishlist; serving it without migrating')
  return state === 'missing' || state === 'behind'
}

/**
 * Clients must never see a half-migrated schema, so migrations run before the public
 * socket exists, over a private one, with the same migrator as `wishlist db migrate`.
 */
export async function migrateThroughPrivateSocket(db: PGlite, socketDir: string, socketPath: string) {
  await rm(socketPath, { force: true })
  const privateServer = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 1 })
  await privateServer.start()
  // knex and pg only now: a migrated database never needs them here.
  const [{ default: knexFactory }] = await Promise.all([import('knex'), import('../pg-driver.js')])
  const knex = knexFactory({
    client: 'pg',
    connection: { host: socketDir, port: PRIVATE_PORT, user: 'postgres', database: 'postgres' },
    pool: { min: 0, max: 1 },
  })
  try {
    await migrateLatest(knex)
  } finally {
    await knex.destroy()
    await privateServer.stop()
    await rm(socketPath, { force: true })
  }
}

async function serve(db: PGlite, socketPath: string): Promise<PGLiteSocketServer> {
  const server = new PGLiteSocketServer({ db: withBatchAffinity(db), path: socketPath, maxConnections: 100 })
  await server.start()
  return server
}

function sameFile(path: string, expected: { dev: number; ino: number }): boolean {
  try {
    const stats = statSync(path)
    return stats.dev === expected.dev && stats.ino === expected.ino
  } catch {
    return false
  }
}
