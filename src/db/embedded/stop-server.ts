import { findOwner } from './ownership.js'
import type { EmbeddedPaths } from './paths.js'
import { isSuspended, runningProcess } from './process-identity.js'

export type StopOutcome =
  | { kind: 'not-running' }
  | { kind: 'stopped'; pid: number }
  /** Stopped by a signal: it got SIGTERM and stops when it is resumed. */
  | { kind: 'suspended'; pid: number }
  | { kind: 'still-running'; pid: number }
  /** Something holds the directory's lock that is not a server this process can identify. */
  | { kind: 'unknown-holder' }

/**
 * Asks the server of a data directory to stop (SIGTERM: it closes PGlite cleanly) and
 * waits until it has exited. Only a process proven to be that server is signalled
 * (ownership.ts findOwner): never whatever pid server.pid happens to hold.
 */
export async function stopServer(paths: EmbeddedPaths, timeoutMs = 10_000): Promise<StopOutcome> {
  const owner = await findOwner(paths)
  if (owner.kind === 'none') return { kind: 'not-running' }
  if (owner.kind === 'unknown') return { kind: 'unknown-holder' }
  const { pid } = owner.process
  try {
    process.kill(pid, 'SIGTERM')
  } catch {
    return { kind: 'stopped', pid } // it exited between the check and the signal
  }
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    const info = runningProcess(owner.process)
    if (!info) return { kind: 'stopped', pid }
    if (isSuspended(info)) return { kind: 'suspended', pid }
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  return { kind: 'still-running', pid }
}
