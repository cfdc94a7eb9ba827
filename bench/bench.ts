/**
 * The benchmark suite of issue 6 (docs/performance.md says what each row means).
 *
 *   npm run bench [-- --quick] [-- --runs N] [-- --server postgres://...]
 *
 * Generates the same dataset on a throwaway database on the PostgreSQL server and in a
 * throwaway embedded data directory, plus one 100x smaller of each, then times the
 * built bin/wishlist beside `node -e ''` and psql, checks that the hot queries use
 * indexes, and times the first use of a new embedded database. Everything it creates
 * is removed at the end, whatever happens.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect as connectSocket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import knexFactory, { type Knex } from 'knex'
import '../src/db/pg-driver.js'
import { ensureEmbeddedServer } from '../src/db/embedded/client.js'
import { isAlive, readOwner } from '../src/db/embedded/ownership.js'
import { recordedEngine } from '../src/db/embedded/engine.js'
import { embeddedPaths } from '../src/db/embedded/paths.js'
import { migrateLatest } from '../src/db/schema.js'
import { packageRoot } from '../src/package-root.js'
import {
  BENCH_LIST,
  BENCH_LIST_SIZE,
  BENCH_USER,
  FULL,
  QUICK,
  SEARCH_QUERY,
  type Size,
  bookToAdd,
  generate,
  hundredthOf,
} from './dataset.js'
import { goodreadsCsv } from './goodreads-data.js'
import { LONG, SHORT, listLengthRows } from './lists.js'
import { cleanFirstUse, coldJob, engineInstallMb, firstUseJob, serverRssMb } from './embedded.js'
import type { FiveResult } from './embedded-five.js'
import { type Job, type Result, interleaved, leanNodeEnvironment, measure, runOrThrow, timerName } from './measure.js'
import { type Query, explain, hotQueries, toLiteralSql } from './plans.js'
import { addRenderList, describeTiming, renderTimings } from './render.js'

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    server: { type: 'string', default: process.env.WISHLIST_BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
})
const quick = values.quick!
const large = quick ? QUICK : FULL
const small = hundredthOf(large)
const runs = Number(values.runs ?? (quick ? 10 : 20))
const importRows = quick ? 2_000 : 100_000
/** How long the background server idles before its memory is read. */
const IDLE_MS = 3000

const BIN = join(packageRoot, 'bin', 'wishlist')
const SERVER_MAIN = join(packageRoot, 'dist', 'src', 'db', 'embedded', 'server-main.js')
leanNodeEnvironment((line) => process.stderr.write(`${line}\n`))
const work = mkdtempSync(join(tmpdir(), 'wishlist-bench-'))
// The embedded servers started here must outlive the pauses between rows; the bench
// stops them itself. They inherit this process's environment.
process.env.WISHLIST_SERVER_IDLE_SECONDS = '3600'
const baseEnv: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(work, 'config'), NO_COLOR: '1' }
for (const name of ['DATABASE_URL', 'WISHLIST_DATA_DIR', 'WISHLIST_USER', 'FORCE_COLOR']) delete baseEnv[name]

type Backend = 'server' | 'embedded'

interface Database {
  backend: Backend
  size: Size
  env: NodeJS.ProcessEnv
  knex: Knex
  /** psql and its connection arguments. */
  psql: string[]
  /** A book that is not on the bench list. */
  isbn: string
  hot: Record<'show' | 'add' | 'books', Query[]>
  drop(): Promise<void>
}

const cleanups: (() => Promise<void>)[] = []

async function serverDatabase(label: string, size: Size): Promise<Database> {
  const name = `wishlist_bench_${process.pid}_${label}`
  const admin = knexFactory({ client: 'pg', connection: values.server, pool: { min: 0, max: 1 } })
  await admin.raw(`create database ${name}`)
  const url = new URL(values.server!)
  url.pathname = `/${name}`
  const knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 1 } })
  const drop = async () => {
    await knex.destroy()
    await admin.raw(`drop database if exists ${name} with (force)`)
    await admin.destroy()
  }
  cleanups.push(drop)
  await migrateLatest(knex)
  return filled('server', knex, size, { ...baseEnv, DATABASE_URL: url.toString() }, ['psql', '-X', '-q', '-d', url.toString()], drop)
}

async function embeddedDatabase(label: string, size: Size): Promise<Database> {
  const dataDir = join(work, `embedded-${label}`)
  const paths = await ensureEmbeddedServer(dataDir, { timeoutMs: 120_000 })
  const knex = knexFactory({
    client: 'pg',
    connection: { host: paths.socketDir, port: 5432, user: 'postgres', database: 'postgres' },
    pool: { min: 0, max: 1 },
  })
  const drop = async () => {
    await knex.destroy()
    await stopServer(dataDir)
  }
  cleanups.push(drop)
  const psql = ['psql', '-X', '-q', '-h', paths.socketDir, '-p', '5432', '-U', 'postgres', '-d', 'postgres']
  return filled('embedded', knex, size, { ...baseEnv, WISHLIST_DATA_DIR: dataDir }, psql, drop)
}

async function filled(backend: Backend, knex: Knex, size: Size, env: NodeJS.ProcessEnv, psql: string[], drop: () => Promise<void>) {
  const started = Date.now()
  await generate(knex, size)
  log(`  ${backend}: ${describeSize(size)} generated in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  const isbn = await bookToAdd(knex)
  return { backend, size, env, knex, psql, isbn, hot: await hotQueries(knex, isbn), drop }
}

/** Stops the embedded server that owns dataDir, if one runs; the data stays. */
async function stopOwner(dataDir: string) {
  const pid = await readOwner(embeddedPaths(dataDir))
  if (pid !== undefined && isAlive(pid)) {
    process.kill(pid, 'SIGTERM')
    for (let waited = 0; isAlive(pid) && waited < 10_000; waited += 50) await sleep(50)
  }
}

async function stopServer(dataDir: string) {
  await stopOwner(dataDir)
  rmSync(dataDir, { recursive: true, force: true })
}

// --- the commands, as SPEC writes them -------------------------------------------

const show = (db: Database): Job => ({ argv: [BIN, 'show', BENCH_LIST, '--json', '--user', BENCH_USER], env: db.env })
const add = (db: Database): Job => ({
  argv: [BIN, 'add', db.isbn, '--user', BENCH_USER, '-l', BENCH_LIST],
  env: db.env,
  // Every timed run adds the book for real.
  prepare: [...db.psql, '-c', `delete from wishlist_entries where book_id = (select id from books where isbn = '${db.isbn}')`],
})
const books = (db: Database): Job => ({ argv: [BIN, 'books', SEARCH_QUERY, '--limit', '20'], env: db.env })
const psqlShow = (db: Database): Job => ({ argv: [...db.psql, '-c', toLiteralSql(db.hot.show.at(-1)!)], env: db.env })
// Books the import creates have 9781... ISBNs (the generated catalogue has 9780...).
const forgetImport = (db: Database) => [...db.psql, '-c', `delete from books where isbn like '9781%'`]
// The Goodreads file's columns as bench_copy holds them: c1 title, c2 author, c6 ="ISBN13".
const schemaFloorSql = () => `
  with list as (
    insert into wishlists (user_id, name) select id, 'Schema floor' from users where email = '${BENCH_USER}'
    returning id, user_id
  ), created as (
    insert into books (title, author, isbn) select c1, c2, substr(c6, 3, 13) from bench_copy returning id
  )
  insert into wishlist_entries (wishlist_id, user_id, book_id)
  select list.id, list.user_id, created.id from list, created order by created.id`
const importJob = (db: Database, file: string): Job => ({
  argv: [BIN, 'import', file, '--format', 'goodreads', '--user', BENCH_USER, '-l', 'Imported', '--create', '-q'],
  env: db.env,
  prepare: forgetImport(db),
})

// --- output ----------------------------------------------------------------------

interface Row {
  command: string
  backend: string
  result: Result
}

function printTable(rows: Row[], baselineMs: number) {
  const header = ['command', 'backend', 'median ms', 'x node', 'cpu ms', 'peak MB']
  const lines = rows.map(({ command, backend, result }) =>
    'error' in result
      ? [command, backend, `n/a (${result.error})`]
      : [
          command,
          backend,
          result.medianMs.toFixed(1),
          (result.medianMs / baselineMs).toFixed(2),
          result.cpuMs?.toFixed(0) ?? '',
          result.peakMb?.toFixed(0) ?? '',
        ],
  )
  printColumns([header, ...lines])
}

function printColumns(lines: string[][]) {
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => (line.length > column + 1 ? line[column]!.length : 0))))
  for (const line of lines) log(line.map((cell, column) => (column < line.length - 1 ? cell.padEnd(widths[column]!) : cell)).join('  '))
}

const ms = (result: Result | undefined) => (result && !('error' in result) ? result.medianMs : undefined)
const describeSize = (size: Size) =>
  `${size.books.toLocaleString('en')} books, ${size.users.toLocaleString('en')} users, ${size.entries.toLocaleString('en')} entries`
const log = (line: string) => process.stdout.write(`${line}\n`)
const sleep = (time: number) => new Promise((resolve) => setTimeout(resolve, time))

// --- first use of a new embedded database ----------------------------------------

/** `wishlist db info` on a directory that does not exist yet: creation included (median of 3). */
function firstUseMs(): number {
  const job = firstUseJob(BIN, baseEnv, join(work, 'fresh'))
  try {
    return interleaved([job], 3)[0]!
  } finally {
    cleanFirstUse(job)
  }
}

/** The background server alone on a new directory, under GNU time: ready time, peak RSS. */
async function firstServer(): Promise<{ readyMs: number; peakMb: number }> {
  const dataDir = join(work, 'fresh-server')
  const out = join(work, 'server-rss')
  const paths = embeddedPaths(dataDir)
  const started = Date.now()
  const child = spawn('/usr/bin/time', ['-f', '%M', '-o', out, process.execPath, SERVER_MAIN, dataDir], { stdio: 'ignore', env: baseEnv })
  const exited = new Promise((resolve) => child.on('exit', resolve))
  while (!(await canConnect(paths.socket))) {
    if (Date.now() - started > 60_000) throw new Error('the embedded server did not start within 60 s')
    await sleep(10)
  }
  const readyMs = Date.now() - started
  await stopServer(dataDir)
  await exited
  return { readyMs, peakMb: Number(readFileSync(out, 'utf8').trim().split('\n').at(-1)) / 1024 }
}

function canConnect(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectSocket(path)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/**
 * The embedded target's yardstick (issue 6): `calibredb list` on a calibre library of
 * as many books as the bench list, when calibre is installed (Debian: `apt-get install
 * calibre`). Returns the job, or undefined without calibre.
 */
function calibreList(): Job | undefined {
  if (spawnSync('calibredb', ['--version']).status !== 0) return undefined
  const files = join(work, 'calibre-books')
  mkdirSync(files)
  const paths = Array.from({ length: BENCH_LIST_SIZE }, (_, index) => {
    const path = join(files, `Bench Book ${index + 1}.txt`)
    writeFileSync(path, `book ${index + 1}\n`)
    return path
  })
  const library = join(work, 'calibre-library')
  runOrThrow(['calibredb', 'add', '--library-path', library, ...paths], baseEnv)
  return { argv: ['calibredb', 'list', '--library-path', library, '--for-machine'], env: baseEnv }
}

// --- the run ---------------------------------------------------------------------

async function main() {
  log(`wishlist bench${quick ? ' --quick' : ''}: ${runs} runs per row, timed with ${timerName}`)
  log(`Generating datasets (large: ${describeSize(large)}; small: ${describeSize(small)})...`)
  const server = await serverDatabase('large', large)
  const embedded = await embeddedDatabase('large', large)
  const serverSmall = await serverDatabase('small', small)
  const embeddedSmall = await embeddedDatabase('small', small)
  const csv = join(work, 'goodreads.csv')
  writeFileSync(csv, goodreadsCsv(importRows))
  await server.knex.raw(`create table bench_copy (${Array.from({ length: 31 }, (_, i) => `c${i} text`).join(', ')})`)

  log('\nTiming (the large datasets)...')
  const rows: Row[] = []
  const row = (command: string, backend: string, job: Job, times = runs, memoryRuns = 3) => {
    const result = measure(job, times, memoryRuns)
    rows.push({ command, backend, result })
    return result
  }
  const baseline = row(`node -e ''`, '-', { argv: [process.execPath, '-e', ''], env: baseEnv })
  if ('error' in baseline) throw new Error(baseline.error)
  const version = row('wishlist --version', '-', { argv: [BIN, '--version'], env: baseEnv })
  const timed = new Map<string, Result>()
  for (const db of [server, embedded]) {
    row('wishlist db info', db.backend, { argv: [BIN, 'db', 'info'], env: db.env })
    timed.set(`show ${db.backend}`, row('wishlist show LIST --json', db.backend, show(db)))
    timed.set(`add ${db.backend}`, row('wishlist add BOOK -l LIST', db.backend, add(db)))
    timed.set(`books ${db.backend}`, row(`wishlist books ${SEARCH_QUERY} --limit 20`, db.backend, books(db)))
    row('psql -c <show query>', db.backend, psqlShow(db))
  }
  const calibreJob = calibreList()
  const calibre = calibreJob && row(`calibredb list (${BENCH_LIST_SIZE} books)`, 'calibre', calibreJob)
  const importRuns = quick ? 5 : 3
  const importRow = (db: Database) => row(`wishlist import (${importRows.toLocaleString('en')} rows)`, db.backend, importJob(db, csv), importRuns, 1)
  const importServer = importRow(server)
  const copy = row(`psql \\copy (${importRows.toLocaleString('en')} rows)`, 'server', {
    argv: [...server.psql, '-c', `\\copy bench_copy from '${csv}' with (format csv, header)`],
    env: server.env,
    prepare: [...server.psql, '-c', 'truncate bench_copy'],
  }, importRuns, 1)
  // What the schema alone costs (docs/performance.md): the copied file's books and its
  // entries inserted in SQL straight from bench_copy, then rolled back. No client, no
  // parsing, no matching; only the tables' indexes, checks and foreign keys.
  const floor = row(`schema floor: the same books + entries in SQL`, 'server', {
    argv: [...server.psql, '-c', 'begin', '-c', schemaFloorSql(), '-c', 'rollback'],
    env: server.env,
    prepare: forgetImport(server),
  }, importRuns, 1)
  importRow(embedded)
  printTable(rows, baseline.medianMs)

  log('\nFirst use of a new embedded database...')
  const firstUse = firstUseMs()
  const firstServerRun = await firstServer()
  log(`  wishlist db info on a new directory: median ${firstUse.toFixed(0)} ms of 3`)
  log(`  background server alone: socket ready after ${firstServerRun.readyMs} ms, peak RSS ${firstServerRun.peakMb.toFixed(0)} MB`)
  const embeddedRss = readFileSync(`/proc/${await readOwner(embeddedPaths(embedded.env.WISHLIST_DATA_DIR!))}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)?.[1]
  if (embeddedRss) log(`  the large embedded database's server after all rows: peak RSS ${(Number(embeddedRss) / 1024).toFixed(0)} MB`)

  log(`\nScale: the same command on ${describeSize(small)} and on ${describeSize(large)}, run in turns...`)
  const scale: string[][] = [['command', 'backend', 'small ms', 'large ms', 'ratio', '<= 1.2x']]
  const scaleRatios: number[] = []
  for (const [db, dbSmall] of [[server, serverSmall], [embedded, embeddedSmall]] as const) {
    for (const [name, job] of [['show', show], ['add', add], ['books', books]] as const) {
      let smallMs: number, largeMs: number
      try {
        ;[smallMs, largeMs] = interleaved([job(dbSmall), job(db)], runs * 2) as [number, number]
      } catch (error) {
        scale.push([name, db.backend, `n/a (${(error as Error).message})`])
        continue
      }
      scaleRatios.push(largeMs / smallMs)
      scale.push([name, db.backend, smallMs.toFixed(1), largeMs.toFixed(1), (largeMs / smallMs).toFixed(2), largeMs / smallMs <= 1.2 ? 'yes' : 'no'])
    }
  }
  printColumns(scale)

  log(`\nList length: the same move and add on a ${SHORT}-entry and a ${LONG.toLocaleString('en')}-entry list (large datasets), in turns...`)
  const listRows = await listLengthRows(
    [server, embedded].map((db) => ({ backend: db.backend, knex: db.knex, env: db.env, psql: db.psql })),
    runs,
  )
  printColumns(listRows.lines)

  log('\nQuery plans on the large datasets (top node; every scan below it):')
  let allIndexed = true
  for (const db of [server, embedded]) {
    for (const [name, queries] of Object.entries(db.hot)) {
      for (const query of queries) {
        const plan = await explain(db.knex, query)
        if (plan.seqScans.length > 0) allIndexed = false
        const table = query.sql.match(/^\s*(?:select.*?from|insert into|update|delete from)\s+"?(\w+)/is)?.[1] ?? '?'
        log(`  ${db.backend.padEnd(8)} ${name.padEnd(5)} ${table.padEnd(16)} ${plan.top}${plan.scans.length ? ` <- ${plan.scans.join(', ')}` : ''}`)
      }
    }
  }

  // Issue 17: a long list on a terminal against the same list piped (bench/render.ts).
  const renderRows = Math.min(50_000, large.books)
  log(`\nShow of a ${renderRows.toLocaleString('en')}-book list on a terminal (a pseudo-terminal, no pager) and piped, in turns...`)
  const renderRatios: number[] = []
  for (const db of [server, embedded]) {
    try {
      const count = await addRenderList(db.knex, renderRows)
      const timing = await renderTimings(BIN, db.env, quick ? 2 : 3)
      for (const line of describeTiming(db.backend, count, timing, 300_000)) log(line)
      if (timing.terminalMs !== undefined) renderRatios.push(timing.terminalMs / timing.pipedMs)
    } catch (error) {
      log(`  ${db.backend}: n/a (${(error as Error).message.split('\n')[0]})`)
    }
  }

  // Last: it replaces the embedded server that the bench's own connection goes to.
  const five = await embeddedTargets(embedded, baseline.medianMs, calibreJob, firstUse)

  log('\nTargets of issue 6:')
  const verdict = (met: boolean | undefined, text: string) => log(`  ${met === undefined ? 'n/a ' : met ? 'met ' : 'NOT '} ${text}`)
  const ratio = (result: Result | undefined) => (ms(result) === undefined ? undefined : ms(result)! / baseline.medianMs)
  const showServer = ratio(timed.get('show server'))
  verdict(showServer === undefined ? undefined : showServer <= 2.0, `server show --json <= 2.0x node -e '' (stretch 1.5x): ${showServer?.toFixed(2)}x`)
  verdict(ratio(version) === undefined ? undefined : ratio(version)! <= 1.3, `--version <= 1.3x node -e '': ${ratio(version)?.toFixed(2)}x`)
  const showEmbedded = ms(timed.get('show embedded'))
  if (ms(calibre) !== undefined) {
    const calibreMs = ms(calibre)!
    verdict(showEmbedded === undefined ? undefined : showEmbedded < calibreMs, `embedded show --json faster than calibredb list: ${showEmbedded?.toFixed(0)} ms against ${calibreMs.toFixed(0)} ms`)
  } else {
    verdict(showEmbedded === undefined ? undefined : showEmbedded <= 200, `embedded show --json <= 200 ms (calibre is not installed): ${showEmbedded?.toFixed(0)} ms`)
  }
  verdict(firstUse < 3000 && firstServerRun.peakMb < 500, `first use < 3 s and < 500 MB: ${firstUse.toFixed(0)} ms, ${firstServerRun.peakMb.toFixed(0)} MB`)
  // The planner rightly scans a table of a few hundred rows; only the full run's plans count.
  const scans = allIndexed ? 'no sequential scans' : `sequential scans${quick ? ' (small tables in --quick: see the full run)' : ''}`
  verdict(scaleRatios.length === 6 ? scaleRatios.every((r) => r <= 1.2) && allIndexed : undefined, `100x larger database <= 1.2x slower, every hot query on an index: worst ${Math.max(...scaleRatios).toFixed(2)}x, ${scans}`)
  const perCopy = (result: Result | undefined) => (ms(result) === undefined || ms(copy) === undefined ? undefined : ms(result)! / ms(copy)!)
  const importRatio = perCopy(importServer)
  verdict(importRatio === undefined ? undefined : importRatio <= 3, `import of ${importRows.toLocaleString('en')} rows <= 3x psql \\copy (server): ${importRatio?.toFixed(2)}x`)
  const floorRatio = perCopy(floor)
  log(`       (the schema's own inserts, in SQL with no client: ${floorRatio?.toFixed(2)}x psql \\copy)`)
  const serverPeaks = rows.filter((r) => r.backend === 'server' && r.command.startsWith('wishlist') && !('error' in r.result))
  const worstPeak = Math.max(...serverPeaks.map((r) => ('error' in r.result ? 0 : r.result.peakMb ?? 0)))
  verdict(serverPeaks.length ? worstPeak < 100 : undefined, `server-backend command peak memory < 100 MB: worst ${worstPeak.toFixed(0)} MB`)
  const worstList = Math.max(...listRows.ratios)
  verdict(worstList <= 1.2, `move --top and add on a ${LONG.toLocaleString('en')}-entry list <= 1.2x a ${SHORT}-entry list (issue 15): worst ${worstList.toFixed(2)}x`)

  verdict(renderRatios.length === 2 ? renderRatios.every((r) => r <= 2) : undefined, `show of ${renderRows.toLocaleString('en')} rows on a terminal <= 2x piped: worst ${renderRatios.length ? Math.max(...renderRatios).toFixed(2) : 'n/a'}x (issue 17)`)

  log('\nTargets of the embedded-database issue (the numbers above, in turns):')
  for (const [met, text] of five.verdicts) verdict(met, text)
  sideBySide(five.numbers, otherEngine(), calibreJob !== undefined)
}

interface EngineNumbers {
  /** native or pglite */
  name: string
  /** The column's heading: the engine and the account that ran it. */
  engine: string
  warmMs?: number
  nodeWarmMs?: number
  coldMs?: number
  /** calibredb list, or node -e '' without calibre. */
  yardstickMs?: number
  idleMb?: number
  firstUseMs?: number
  asRoot: string
}

/**
 * The five targets for the engine this process does not use: as root that is the
 * native engine, which PostgreSQL runs only for an unprivileged account (made here,
 * like the tests' accounts); otherwise PGlite. bench/embedded-five.ts measures it.
 */
function otherEngine(): EngineNumbers | string {
  const root = process.getuid?.() === 0
  const script = join(packageRoot, 'dist', 'bench', 'embedded-five.js')
  const args = [process.execPath, script, ...(quick ? ['--quick'] : []), '--runs', String(runs)]
  let argv = args
  let env: NodeJS.ProcessEnv = { ...process.env, WISHLIST_EMBEDDED_ENGINE: 'pglite' }
  if (root) {
    const account = 'wishlist-bench'
    if (spawnSync('id', ['-u', account], { stdio: 'ignore' }).status !== 0) runOrThrow(['useradd', '--create-home', account], process.env)
    const home = spawnSync('getent', ['passwd', account], { encoding: 'utf8' }).stdout.split(':')[5]!
    if (spawnSync('runuser', ['-u', account, '--', 'test', '-r', script]).status !== 0) {
      return `the account ${account} cannot read ${script}`
    }
    const tmp = mkdtempSync(join(tmpdir(), 'wishlist-bench-native-'))
    runOrThrow(['chown', `${account}:`, tmp], process.env)
    cleanups.push(async () => rmSync(tmp, { recursive: true, force: true }))
    argv = ['runuser', '-u', account, '--', 'env', `HOME=${home}`, `TMPDIR=${tmp}`, 'WISHLIST_EMBEDDED_ENGINE=native', ...args]
    env = process.env
  }
  log(`\nThe same targets on the ${root ? 'native engine (as an unprivileged account)' : 'PGlite engine'}...`)
  const child = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 })
  const last = child.stdout.trim().split('\n').at(-1) ?? ''
  let five: FiveResult
  try {
    five = JSON.parse(last)
  } catch {
    return `bench/embedded-five.ts failed (exit ${child.status}): ${last.slice(0, 200)}`
  }
  for (const failure of five.failures) log(`  failed: ${failure}`)
  return {
    name: five.engine,
    engine: `${five.engine} (uid ${five.uid})`,
    warmMs: five.warmMs,
    nodeWarmMs: five.nodeWarmMs,
    coldMs: five.coldMs,
    yardstickMs: undefined,
    idleMb: five.idleMb,
    firstUseMs: five.firstUseMs,
    asRoot: five.engine === 'native' ? 'no: PostgreSQL refuses root (root gets PGlite)' : 'yes',
  }
}

/** Both engines' five targets in one table: this process's engine, then the other. */
function sideBySide(mine: EngineNumbers, other: EngineNumbers | string, calibre: boolean) {
  const yard = mine.yardstickMs
  const fmt = (value: number | undefined, unit: string, digits = 0) => (value === undefined ? 'n/a' : `${value.toFixed(digits)} ${unit}`)
  const cell = (numbers: EngineNumbers | string, pick: (n: EngineNumbers) => string) => (typeof numbers === 'string' ? 'n/a' : pick(numbers))
  const ratio = (n: EngineNumbers) => (n.warmMs && n.nodeWarmMs ? `${(n.warmMs / n.nodeWarmMs).toFixed(2)}x (${n.warmMs.toFixed(0)} / ${n.nodeWarmMs.toFixed(0)} ms)` : 'n/a')
  const verdictOf = (met: boolean | undefined) => (met === undefined ? '' : met ? ' ok' : ' MISSED')
  const lines = [
    ['target', mine.engine, typeof other === 'string' ? 'other engine' : other.engine],
    [
      `cold show --json < ${calibre ? `calibredb list (${fmt(yard, 'ms')})` : 'calibredb list (not installed)'}`,
      ...[mine, other].map((n) => cell(n, (x) => fmt(x.coldMs, 'ms') + verdictOf(calibre && x.coldMs !== undefined && yard !== undefined ? x.coldMs < yard : undefined))),
    ],
    ["warm show --json <= 1.5x node -e ''", ...[mine, other].map((n) => cell(n, (x) => ratio(x) + verdictOf(x.warmMs && x.nodeWarmMs ? x.warmMs <= 1.5 * x.nodeWarmMs : undefined)))],
    ['idle background memory <= 100 MB', ...[mine, other].map((n) => cell(n, (x) => fmt(x.idleMb, 'MB') + verdictOf(x.idleMb === undefined ? undefined : x.idleMb <= 100)))],
    ['first use < 2 s', ...[mine, other].map((n) => cell(n, (x) => fmt(x.firstUseMs, 'ms') + verdictOf(x.firstUseMs === undefined ? undefined : x.firstUseMs < 2000)))],
    ['works as root', ...[mine, other].map((n) => cell(n, (x) => x.asRoot))],
    ['install size (the engine\'s packages)', ...[mine, other].map((n) => cell(n, (x) => fmt(engineInstallMb(x.name), 'MB')))],
  ]
  log('\nThe five embedded targets, both engines side by side (medians, this run):')
  printColumns(lines)
  if (typeof other === 'string') log(`  (other engine: ${other})`)
}

/**
 * The embedded issue's five targets, on the large embedded database's bench list:
 * warm show against node -e '', cold show (after `db stop`) against calibredb list,
 * both run in turns; the idle server's RSS a few seconds after the last show; first
 * use; and whether all of that worked as root. Returns the verdicts (met, text).
 */
async function embeddedTargets(db: Database, nodeMs: number, calibreJob: Job | undefined, firstUse: number) {
  const failures: string[] = []
  const tryTimes = (label: string, jobs: Job[]) => {
    try {
      return interleaved(jobs, runs)
    } catch (error) {
      failures.push(`${label}: ${(error as Error).message}`)
      return undefined
    }
  }
  log('\nThe embedded targets: warm show --json and node -e \'\' in turns, then cold show --json (after db stop) and calibredb list in turns...')
  const nodeJob: Job = { argv: [process.execPath, '-e', ''], env: baseEnv }
  const warm = tryTimes('warm show', [nodeJob, show(db)])
  const cold = tryTimes('cold show', [coldJob(show(db), BIN), calibreJob ?? nodeJob])
  const yardstick = calibreJob ? 'calibredb list' : `node -e ''`
  if (warm) log(`  warm show --json ${warm[1]!.toFixed(1)} ms, node -e '' ${warm[0]!.toFixed(1)} ms`)
  if (cold) log(`  cold show --json ${cold[0]!.toFixed(0)} ms, ${yardstick} ${cold[1]!.toFixed(0)} ms`)
  await sleep(IDLE_MS)
  const rss = serverRssMb(db.env.WISHLIST_DATA_DIR!)
  if (rss === undefined) failures.push(`no server running ${IDLE_MS} ms after show`)
  else log(`  the background server ${IDLE_MS / 1000} s after that show, idle: VmRSS ${rss.toFixed(0)} MB`)
  for (const failure of failures) log(`  failed: ${failure}`)

  const root = process.getuid?.() === 0
  const engine = recordedEngine(embeddedPaths(db.env.WISHLIST_DATA_DIR!)) ?? 'unknown'
  const numbers: EngineNumbers = {
    name: engine,
    engine: `${engine} (uid ${process.getuid?.()})`,
    warmMs: warm?.[1],
    nodeWarmMs: warm?.[0],
    coldMs: cold?.[0],
    yardstickMs: calibreJob ? cold?.[1] : undefined,
    idleMb: rss,
    firstUseMs: firstUse,
    asRoot: root ? (failures.length === 0 ? 'yes' : `${failures.length} failed`) : 'n/a (not root)',
  }
  const verdicts: [boolean | undefined, string][] = [
    [
      cold && calibreJob ? cold[0]! < cold[1]! : undefined,
      cold
        ? `cold show --json (no server running) faster than calibredb list: ${cold[0]!.toFixed(0)} ms against ${calibreJob ? `${cold[1]!.toFixed(0)} ms` : 'n/a (calibre is not installed)'}`
        : 'cold show --json faster than calibredb list: the command failed',
    ],
    [
      warm ? warm[1]! <= 1.5 * warm[0]! : undefined,
      warm
        ? `warm show --json <= 1.5x node -e '': ${(warm[1]! / warm[0]!).toFixed(2)}x (${warm[1]!.toFixed(0)} ms against ${warm[0]!.toFixed(0)} ms; ${(warm[1]! / nodeMs).toFixed(2)}x the table's node row)`
        : `warm show --json <= 1.5x node -e '': the command failed`,
    ],
    [rss === undefined ? undefined : rss <= 100, `idle background server memory <= 100 MB: ${rss?.toFixed(0) ?? 'n/a'} MB`],
    [firstUse < 2000, `first use of a new database < 2 s: ${firstUse.toFixed(0)} ms`],
    [
      root ? failures.length === 0 : undefined,
      root
        ? `works as root (uid 0): ${failures.length === 0 ? 'every embedded command above succeeded' : `${failures.length} failed`}`
        : 'works as root: n/a, not running as root',
    ],
  ]
  return { verdicts, numbers }
}

try {
  await main()
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => log(`cleanup: ${error.message}`))
  rmSync(work, { recursive: true, force: true })
}
