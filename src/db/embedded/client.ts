import { existsSync, openSync, readFileSync, closeSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DatabaseError } from '../../errors.js'
import { packageRoot } from '../../package-root.js'
import { lowDiskSpace } from './disk-space.js'
import { PRIVATE_FILE_MODE, ensurePrivateDir, ensureSocketDir } from './file-modes.js'
import { type EmbeddedPaths, embeddedPaths } from './paths.js'

// Same file type and runtime flags as this process: beside this file when it runs from
// sources (tests) or from tsc's dist/src/; from the bundle (dist/bundle/, which leaves
// PGlite out), the server is tsc's dist/src/ entry.
const here = fileURLToPath(import.meta.url)
const serverMain = /client\.\w+$/.test(here)
  ? here.replace(/client\.(\w+)$/, 'server-main.$1')
  : join(packageRoot, 'dist', 'src', 'db', 'embedded', 'server-main.js')
const POLL_MS = 20

export interface EnsureOptions {
  timeoutMs: number
  /** Told once when a new database is being created (that takes a few seconds). */
  onCreate?: (dataDir: string) => void
}

/**
 * Makes sure a server owns the data directory and accepts connections, starting one
 * in the background when none runs. Safe to call from many processes at once: every
 * caller may start a server, exactly one of them wins the directory (ownership.ts), and
 * the others exit at once while their callers wait for the winner's socket; when the
 * winner goes away without serving, a waiting caller starts another.
 */
export async function ensureEmbeddedServer(dataDir: string, options: EnsureOptions): Promise<EmbeddedPaths> {
  const paths = embeddedPaths(dataDir)
  // Before connecting: a socket in a directory someone else controls is theirs.
  prepareDirectories(paths)
  if (await canConnect(paths.socket)) return paths

  // Native as root, or its binaries missing: one line now, not a failed server later.
  const [{ engineFor }, { isClaimed }] = await Promise.all([import('./engine.js'), import('./ownership.js')])
  engineFor(paths)
  if (!existsSync(paths.pgdata)) options.onCreate?.(dataDir)
  let exit = await startServer(paths)
  const deadline = Date.now() + options.timeoutMs
  while (Date.now() < deadline) {
    if (await canConnect(paths.socket)) return paths
    const code = exit.code()
    if (code !== undefined && code !== 0) {
      const low = lowDiskSpace(dataDir)
      if (low) throw new DatabaseError(`The disk holding ${dataDir} is full (${low}); free some space and try again.`)
      throw new DatabaseError(
        `The embedded database in ${dataDir} failed to start: ${lastLogLine(paths)}`,
        `See ${paths.log}.`,
      )
    }
    // Ours found another server holding the directory (exit 0); once that one has
    // gone without serving (killed, or it found the directory was no longer its
    // own), start another.
    if (code === 0 && !(await isClaimed(paths))) exit = await startServer(paths)
    await sleep(POLL_MS)
  }
  throw await gaveUp(paths, options.timeoutMs)
}

async function gaveUp(paths: EmbeddedPaths, timeoutMs: number): Promise<DatabaseError> {
  const waited = `Gave up after ${Math.round(timeoutMs / 1000)} s waiting for the embedded database in ${paths.dataDir}`
  const [{ findOwner }, { isSuspended }] = await Promise.all([import('./ownership.js'), import('./process-identity.js')])
  const owner = await findOwner(paths)
  if (owner.kind === 'server' && isSuspended(owner.process)) {
    const { pid } = owner.process
    return new DatabaseError(`${waited}: its server (pid ${pid}) is suspended.`, `Resume it with kill -CONT ${pid}.`)
  }
  const hint = `See ${paths.log}, or set WISHLIST_LOCK_TIMEOUT (seconds).`
  if (owner.kind === 'server') return new DatabaseError(`${waited}: its server (pid ${owner.process.pid}) does not answer.`, hint)
  if (owner.kind === 'unknown') return new DatabaseError(`${waited}: another process holds it.`, hint)
  return new DatabaseError(`${waited}: no server could start.`, hint)
}

async function startServer(paths: EmbeddedPaths): Promise<{ code(): number | undefined }> {
  // Loaded here: every command passes through this module, and node:child_process
  // costs about 5 ms of start-up when the server is already running.
  const { spawn } = await import('node:child_process')
  let logFd: number
  try {
    logFd = openSync(paths.log, 'a', PRIVATE_FILE_MODE)
  } catch (error) {
    throw cannotCreate(paths.dataDir, error)
  }
  const child = spawn(process.execPath, [...process.execArgv, serverMain, paths.dataDir], {
    detached: true,
    stdio: ['ignore', 'ignore', logFd],
    env: process.env,
  })
  closeSync(logFd)
  let code: number | undefined
  child.on('exit', (exitCode) => (code = exitCode ?? 1))
  child.unref()
  return { code: () => code }
}

function prepareDirectories(paths: EmbeddedPaths): void {
  try {
    ensurePrivateDir(paths.dataDir)
  } catch (error) {
    throw cannotCreate(paths.dataDir, error)
  }
  if (paths.socketDir !== paths.dataDir) ensureSocketDir(paths.socketDir)
}

/** A data directory that cannot be made or written: one line, with the way out. */
function cannotCreate(dataDir: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException).code
  const reason =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'the file system is read-only'
        : code === 'ENOTDIR'
          ? 'a part of the path is not a directory'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : undefined
  if (!reason) return error
  return new DatabaseError(
    `Cannot use ${dataDir} for the embedded database (${reason}); choose a writable directory with --data-dir or WISHLIST_DATA_DIR.`,
  )
}

/** Whether something accepts connections on the socket (exported for the tests). */
export function canConnect(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

function lastLogLine(paths: EmbeddedPaths): string {
  try {
    const lines = readFileSync(paths.log, 'utf8').trim().split('\n')
    return lines.at(-1)?.replace(/^\S+ \[\d+\] /, '') ?? 'unknown error'
  } catch {
    return 'unknown error'
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
