/**
 * The embedded issue's five targets for one engine, as JSON on the last line of
 * stdout: bench.ts runs it for the engine its own process cannot use (the native
 * engine, as an unprivileged account, when the bench runs as root; PGlite otherwise)
 * and prints both side by side.
 *
 *   node dist/bench/embedded-five.js [--quick] [--runs N]   (engine: WISHLIST_EMBEDDED_ENGINE)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import knexFactory from 'knex'
import '../src/db/pg-driver.js'
import { ensureEmbeddedServer } from '../src/db/embedded/client.js'
import { recordedEngine } from '../src/db/embedded/engine.js'
import { embeddedPaths } from '../src/db/embedded/paths.js'
import { stopServer } from '../src/db/embedded/stop-server.js'
import { packageRoot } from '../src/package-root.js'
import { BENCH_LIST, BENCH_USER, FULL, QUICK, generate } from './dataset.js'
import { cleanFirstUse, coldJob, firstUseJob, serverRssMb, sleep } from './embedded.js'
import { type Job, interleaved, leanNodeEnvironment } from './measure.js'

export interface FiveResult {
  engine: string
  uid: number
  warmMs?: number
  nodeWarmMs?: number
  coldMs?: number
  nodeColdMs?: number
  idleMb?: number
  firstUseMs?: number
  failures: string[]
}

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, runs: { type: 'string' } } })
const size = values.quick ? QUICK : FULL
const runs = Number(values.runs ?? (values.quick ? 10 : 20))
const IDLE_MS = 3000
const BIN = join(packageRoot, 'bin', 'wishlist')
leanNodeEnvironment((line) => process.stderr.write(`${line}\n`))
const work = mkdtempSync(join(tmpdir(), 'wishlist-bench-five-'))
process.env.WISHLIST_SERVER_IDLE_SECONDS = '3600'
const baseEnv: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(work, 'config'), NO_COLOR: '1' }
for (const name of ['DATABASE_URL', 'WISHLIST_DATA_DIR', 'WISHLIST_USER', 'FORCE_COLOR']) delete baseEnv[name]
const log = (line: string) => process.stderr.write(`${line}\n`)

async function main(): Promise<FiveResult> {
  const result: FiveResult = { engine: 'unknown', uid: process.getuid?.() ?? -1, failures: [] }
  const dataDir = join(work, 'data')
  const paths = await ensureEmbeddedServer(dataDir, { timeoutMs: 120_000 })
  result.engine = recordedEngine(paths) ?? 'unknown'
  const knex = knexFactory({
    client: 'pg',
    connection: { host: paths.socketDir, port: 5432, user: 'postgres', database: 'postgres' },
    pool: { min: 0, max: 1 },
  })
  try {
    const started = Date.now()
    await generate(knex, size)
    log(`  ${result.engine}: dataset generated in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  } finally {
    await knex.destroy()
  }
  const env = { ...baseEnv, WISHLIST_DATA_DIR: dataDir }
  const show: Job = { argv: [BIN, 'show', BENCH_LIST, '--json', '--user', BENCH_USER], env }
  const nodeJob: Job = { argv: [process.execPath, '-e', ''], env: baseEnv }
  const attempt = <T>(label: string, action: () => T): T | undefined => {
    try {
      return action()
    } catch (error) {
      result.failures.push(`${label}: ${(error as Error).message}`)
      return undefined
    }
  }
  const warm = attempt('warm show', () => interleaved([nodeJob, show], runs))
  if (warm) [result.nodeWarmMs, result.warmMs] = warm
  const cold = attempt('cold show', () => interleaved([coldJob(show, BIN), nodeJob], runs))
  if (cold) [result.coldMs, result.nodeColdMs] = cold
  await sleep(IDLE_MS)
  result.idleMb = serverRssMb(dataDir)
  if (result.idleMb === undefined) result.failures.push(`no server running ${IDLE_MS} ms after show`)
  const firstUse = firstUseJob(BIN, baseEnv, join(work, 'fresh'))
  try {
    result.firstUseMs = attempt('first use', () => interleaved([firstUse], 3)[0])
  } finally {
    cleanFirstUse(firstUse)
  }
  await stopServer(embeddedPaths(dataDir))
  return result
}

try {
  process.stdout.write(`${JSON.stringify(await main())}\n`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
