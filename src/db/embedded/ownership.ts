import { type BigIntStats, readFileSync, statSync } from 'node:fs'
import { readFile, unlink } from 'node:fs/promises'
import { writeFileAtomic } from '../../atomic-write.js'
import type { Server } from 'node:net'
import { askHolder, holdLock, inodeLockName, isHeld, pathLockName, releaseLock } from './kernel-lock.js'
import type { EmbeddedPaths } from './paths.js'
import { type ProcessInfo, isServerFor, ownIdentity, processInfo, runningProcess } from './process-identity.js'

/** How often a running server checks that the directory and server.pid still name it. */
const WATCH_MS = 1000

/**
 * Only one process may ever open a PGlite directory: two writers corrupt it silently.
 * A server owns a directory while it holds kernel locks (kernel-lock.ts) on the data
 * directory's path, on its device and inode, and on pgdata's: a second server cannot
 * take them, whatever files were deleted, and they vanish with the process, zombie or
 * not, so a killed server never blocks the next start. server.pid only records who
 * the owner is (pid and start time), for `db stop` and for messages.
 *
 * Like PostgreSQL's postmaster.pid interlock, the owner also checks every second that
 * the data directory and pgdata are still the ones it opened and that server.pid still
 * names it; when one does not, the directory is no longer its own (deleted, replaced,
 * taken over by hand) and it must stop at once without writing (`onLost`).
 */
export interface Ownership {
  /** Locks pgdata too once it exists (a new database is copied in after the claim). */
  adoptPgdata(): Promise<void>
  /** Why this process no longer owns the directory, or undefined while it does. */
  lost(): string | undefined
  /** Calls onLost (which must not return) as soon as `lost()` says something. */
  watch(onLost: (reason: string) => never): void
  release(): Promise<void>
}

export async function claimOwnership(paths: EmbeddedPaths): Promise<Ownership | undefined> {
  const me = ownIdentity()
  const greeting = `${me.pid} ${me.startTime}\n`
  const held = new Map<string, Server>()
  const hold = async (name: string) => {
    if (held.has(name)) return true
    const lock = await holdLock(name, greeting)
    if (lock) held.set(name, lock)
    return lock !== undefined
  }
  const releaseAll = () => Promise.all([...held.values()].map(releaseLock))

  const dataDir = statSync(paths.dataDir, { bigint: true })
  const existingPgdata = statOrUndefined(paths.pgdata)
  const names = [pathLockName(paths.dataDir), inodeLockName(dataDir)]
  if (existingPgdata) names.push(inodeLockName(existingPgdata))
  for (const name of names) {
    if (!(await hold(name))) {
      await releaseAll()
      return undefined
    }
  }
  // A server of an earlier version takes none of these locks; it records its pid alone.
  const earlier = earlierServer(paths)
  if (earlier) {
    await releaseAll()
    throw new Error(
      `a server of an earlier wishlist version (pid ${earlier.pid}) still has this directory open; stop it first (kill ${earlier.pid})`,
    )
  }
  // The locks are ours: whatever server.pid said before is stale.
  const pidText = `${me.pid}\n${me.startTime}\n`
  // Whole or not at all: `db stop` and a starting server read it at any moment.
  await writeFileAtomic(paths.pidFile, pidText)

  // pgdata is watched only once opened: a new database is copied into place first.
  let pgdata: BigIntStats | undefined
  let onLost: ((reason: string) => never) | undefined
  let timer: NodeJS.Timeout | undefined
  const lost = () => {
    if (!sameFile(paths.dataDir, dataDir)) return `${paths.dataDir} was deleted or replaced`
    if (pgdata && !sameFile(paths.pgdata, pgdata)) return `${paths.pgdata} was deleted or replaced`
    if (readOrUndefined(paths.pidFile) !== pidText) return `${paths.pidFile} no longer names this process`
    return undefined
  }
  return {
    async adoptPgdata() {
      pgdata = statSync(paths.pgdata, { bigint: true })
      if (!(await hold(inodeLockName(pgdata)))) {
        const reason = `${paths.pgdata} is open in another server, through another path`
        onLost?.(reason)
        throw new Error(reason)
      }
    },
    lost,
    watch(callback) {
      onLost = callback
      timer = setInterval(() => {
        const reason = lost()
        if (reason) callback(reason)
      }, WATCH_MS)
    },
    async release() {
      clearInterval(timer)
      if (readOrUndefined(paths.pidFile) === pidText) await unlink(paths.pidFile).catch(() => {})
      await releaseAll()
    },
  }
}

export type Owner =
  | { kind: 'none' }
  /** A server for this directory, identified by pid and start time. */
  | { kind: 'server'; process: ProcessInfo }
  /** The lock is held, but by nothing this process can identify (another pid namespace?). */
  | { kind: 'unknown' }

/**
 * Who holds the directory now. The locks say whether anyone does; the holder says who
 * it is when asked, and when it cannot answer (suspended, or busy with a statement)
 * server.pid is believed only if it names a running server for this directory with
 * the recorded start time.
 */
export async function findOwner(paths: EmbeddedPaths): Promise<Owner> {
  let held = false
  for (const name of lockNames(paths)) {
    const answer = await askHolder(name, 500)
    if (answer === 'free') continue
    held = true
    const server = verifiedServer(paths, answer)
    if (server) return { kind: 'server', process: server }
    break // one holder holds them all: asking again would only wait again
  }
  const earlier = earlierServer(paths)
  if (!held) return earlier ? { kind: 'server', process: earlier } : { kind: 'none' }
  const server = verifiedServer(paths, readOrUndefined(paths.pidFile) ?? '')
  return server ? { kind: 'server', process: server } : { kind: 'unknown' }
}

/** Whether any server holds (or is claiming) the directory. */
export async function isClaimed(paths: EmbeddedPaths): Promise<boolean> {
  for (const name of lockNames(paths)) if (await isHeld(name)) return true
  return false
}

/** The names a server for this directory holds, as far as they can be known from outside. */
function lockNames(paths: EmbeddedPaths): string[] {
  const inodes = [paths.dataDir, paths.pgdata].flatMap((path) => {
    const stats = statOrUndefined(path)
    return stats ? [inodeLockName(stats)] : []
  })
  return [pathLockName(paths.dataDir), ...inodes]
}

/** A server started by an earlier version, whose server.pid holds a pid and no start time. */
function earlierServer(paths: EmbeddedPaths): ProcessInfo | undefined {
  const record = readOrUndefined(paths.pidFile)?.trim()
  if (!record || !/^\d+$/.test(record)) return undefined
  const info = processInfo(Number(record))
  return info && info.state !== 'Z' && info.state !== 'X' && isServerFor(info, paths.dataDir) ? info : undefined
}

function verifiedServer(paths: EmbeddedPaths, record: string): ProcessInfo | undefined {
  const [pid, startTime] = record.trim().split(/\s+/)
  if (!pid || !startTime || !/^\d+$/.test(pid)) return undefined
  const info = runningProcess({ pid: Number(pid), startTime })
  return info && isServerFor(info, paths.dataDir) ? info : undefined
}

/** The pid server.pid records, trusted or not. */
export async function readOwner(paths: EmbeddedPaths): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(paths.pidFile, 'utf8'), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/** Whether a process with this pid exists and has not exited (a zombie has). */
export function isAlive(pid: number): boolean {
  const info = processInfo(pid)
  return info !== undefined && info.state !== 'Z' && info.state !== 'X'
}

function statOrUndefined(path: string): BigIntStats | undefined {
  try {
    return statSync(path, { bigint: true })
  } catch {
    return undefined
  }
}

/**
 * Whether the path still names that file. The inode alone does not tell: ext4 gives a
 * directory made just after another was deleted the same inode number. The birth time
 * does (where the file system records one; 0 elsewhere).
 */
function sameFile(path: string, expected: BigIntStats): boolean {
  const stats = statOrUndefined(path)
  if (stats === undefined) return false
  return stats.dev === expected.dev && stats.ino === expected.ino && stats.birthtimeNs === expected.birthtimeNs
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
