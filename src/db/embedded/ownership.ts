import { readFile, unlink, writeFile } from 'node:fs/promises'
import lockfile from 'proper-lockfile'
import type { EmbeddedPaths } from './paths.js'

/**
 * Only one process may ever open a PGlite directory: two writers corrupt it silently.
 * The owner is recorded in server.pid. A process claims ownership only if the
 * recorded owner is gone, and the check-and-claim runs under a short file lock
 * (proper-lockfile) so two starters cannot both win. The long-lived lock is the pid
 * file rather than proper-lockfile's mtime lock because a busy PGlite can stall the
 * event loop longer than any mtime refresh interval, and a stolen lock is worse than
 * a slow start.
 */
export async function claimOwnership(paths: EmbeddedPaths): Promise<boolean> {
  const release = await lockfile.lock(paths.dataDir, {
    lockfilePath: paths.startupLock,
    realpath: false,
    stale: 10_000,
    retries: { retries: 100, minTimeout: 20, maxTimeout: 200 },
  })
  try {
    const owner = await readOwner(paths)
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) return false
    await writeFile(paths.pidFile, `${process.pid}\n`)
    return true
  } finally {
    await release()
  }
}

export async function releaseOwnership(paths: EmbeddedPaths): Promise<void> {
  if ((await readOwner(paths)) === process.pid) await unlink(paths.pidFile).catch(() => {})
}

export async function readOwner(paths: EmbeddedPaths): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(paths.pidFile, 'utf8'), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
