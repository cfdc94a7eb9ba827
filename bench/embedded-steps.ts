/**
 * What each step of an embedded server's start costs, in this process (no spawn):
 *
 *   npm run build && node dist/bench/embedded-steps.js [--runs N]
 *
 * On a data directory made from the template: the file-mode walk of every start
 * (makeTreePrivate), the socket-directory check of every command (ensureSocketDir), the
 * disk-space check of a failed start (lowDiskSpace), the ownership claim with its kernel
 * locks and server.pid (claimOwnership + release), the template copy of a first use,
 * and PGlite's own start (PGlite.create on the copied directory, then close) with
 * the resident memory it adds. Medians of N runs (default 10), steps in turns.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { PGlite } from '@electric-sql/pglite'
import { ensureSocketDir, makeTreePrivate } from '../src/db/embedded/file-modes.js'
import { lowDiskSpace } from '../src/db/embedded/disk-space.js'
import { claimOwnership } from '../src/db/embedded/ownership.js'
import { embeddedPaths } from '../src/db/embedded/paths.js'
import { PGLITE_EXTENSIONS, TEMPLATE_PATH } from '../src/db/embedded/server.js'
import { median } from './measure.js'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } })
const runs = Number(values.runs)
const work = mkdtempSync(join(tmpdir(), 'wishlist-steps-'))
const dataDir = join(work, 'data')
const paths = embeddedPaths(dataDir)
const rssMb = () => Number(readFileSync('/proc/self/status', 'utf8').match(/^VmRSS:\s+(\d+)/m)![1]) / 1024

async function timed(step: () => unknown): Promise<number> {
  const started = process.hrtime.bigint()
  await step()
  return Number(process.hrtime.bigint() - started) / 1e6
}

try {
  mkdirSync(dataDir, { mode: 0o700 })
  cpSync(TEMPLATE_PATH, paths.pgdata, { recursive: true })
  const steps: [string, () => unknown][] = [
    ['makeTreePrivate(data dir)', () => makeTreePrivate(dataDir)],
    ['ensureSocketDir', () => ensureSocketDir(join(work, 'sockets'))],
    ['lowDiskSpace', () => lowDiskSpace(dataDir)],
    ['claimOwnership + release', async () => (await claimOwnership(paths))!.release()],
    ['copy the template (fs.cp)', async () => {
      rmSync(join(work, 'copy'), { recursive: true, force: true })
      const { cp } = await import('node:fs/promises')
      await cp(TEMPLATE_PATH, join(work, 'copy'), { recursive: true })
    }],
  ]
  const times = steps.map(() => [] as number[])
  for (let run = -1; run < runs; run++) {
    for (const [index, [, step]] of steps.entries()) {
      const ms = await timed(step)
      if (run >= 0) times[index]!.push(ms)
    }
  }
  process.stdout.write(`files under the data directory: ${count(dataDir)}\n`)
  for (const [index, [name]] of steps.entries()) process.stdout.write(`${name.padEnd(30)} median ${median(times[index]!).toFixed(2)} ms\n`)

  // PGlite last: its WebAssembly memory stays mapped after close.
  const before = rssMb()
  let db: PGlite | undefined
  const cpuBefore = process.cpuUsage()
  const create = await timed(async () => (db = await PGlite.create({ dataDir: paths.pgdata, extensions: PGLITE_EXTENSIONS })))
  const query = await timed(() => db!.query('select 1'))
  const open = rssMb()
  const cpu = process.cpuUsage(cpuBefore)
  await db!.close()
  process.stdout.write(
    `PGlite.create on that directory: ${create.toFixed(0)} ms, first query ${query.toFixed(0)} ms; ` +
      `RSS ${before.toFixed(0)} MB before, ${open.toFixed(0)} MB open; CPU of create + query ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms\n`,
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}

function count(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length
}
