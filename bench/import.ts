/**
 * How long does `wishlist import` take for a large Goodreads export?
 *
 *   npm run build && node dist/bench/import.js [--rows 100000] [--server postgres://...]
 *
 * Writes one generated Goodreads export of N to-read rows (bench/goodreads-data.ts),
 * then, in one run, times the built `wishlist import` of that file into an empty
 * database on the PostgreSQL server (default postgres://postgres@127.0.0.1:5432/postgres,
 * or $WISHLIST_BENCH_SERVER) and into a new embedded database, beside `psql \copy` of
 * the same file into a plain table of 31 text columns on the server (the floor: no
 * parsing of ISBNs, no matching, no indexes). Each import runs as a user would run it,
 * so the times include start-up and reading the file. Throwaway databases are removed.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import knexFactory from 'knex'
import '../src/db/pg-driver.js'
import { migrateLatest } from '../src/db/schema.js'
import { GOODREADS_2020_HEADER, goodreadsCsv } from './goodreads-data.js'

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    server: { type: 'string', default: process.env.WISHLIST_BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
})
const rows = Number(values.rows)
const BIN = fileURLToPath(new URL('../../bin/wishlist', import.meta.url))
const EMAIL = 'bench@example.com'

const dir = await mkdtemp(join(tmpdir(), 'wishlist-bench-import-'))
const file = join(dir, 'goodreads.csv')
await writeFile(file, goodreadsCsv(rows))
const name = `wishlist_bench_import_${process.pid}`
const serverUrl = new URL(values.server!)
serverUrl.pathname = `/${name}`
const admin = knexFactory({ client: 'pg', connection: values.server!, pool: { min: 0, max: 1 } })

/** Runs the built CLI; returns seconds. */
function wishlist(env: Record<string, string>, ...args: string[]): number {
  const started = performance.now()
  const result = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' })
  const seconds = (performance.now() - started) / 1000
  if (result.status !== 0) throw new Error(`wishlist ${args.join(' ')} failed: ${result.stderr}`)
  return seconds
}

const results: [string, number][] = []
try {
  await admin.raw(`create database ${name}`)
  const server = knexFactory({ client: 'pg', connection: serverUrl.toString(), pool: { min: 0, max: 1 } })
  try {
    await migrateLatest(server)
    await server('users').insert({ email: EMAIL })
    await server.raw(`create table goodreads_raw (${GOODREADS_2020_HEADER.map((_, i) => `c${i} text`).join(', ')})`)
  } finally {
    await server.destroy()
  }
  const serverEnv = { DATABASE_URL: serverUrl.toString() }
  results.push(['wishlist import, PostgreSQL server', wishlist(serverEnv, 'import', file, '-u', EMAIL, '-q')])

  const dataEnv = { WISHLIST_DATA_DIR: join(dir, 'data'), DATABASE_URL: '' }
  // Creating the embedded database and its user is set-up, not part of the import.
  wishlist(dataEnv, 'users', 'add', '--email', EMAIL)
  results.push(['wishlist import, embedded (PGlite)', wishlist(dataEnv, 'import', file, '-u', EMAIL, '-q')])
  wishlist(dataEnv, 'db', 'stop')

  const started = performance.now()
  execFileSync('psql', [serverUrl.toString(), '-q', '-c', `\\copy goodreads_raw from '${file}' with (format csv, header)`])
  results.push(['psql \\copy into a plain table, server', (performance.now() - started) / 1000])
} finally {
  await admin.raw(`drop database if exists ${name} with (force)`).catch(() => {})
  await admin.destroy()
  await rm(dir, { recursive: true, force: true })
}

console.log(`${rows} generated Goodreads rows (${GOODREADS_2020_HEADER.length} columns), one run:`)
for (const [what, seconds] of results) console.log(`  ${what.padEnd(42)} ${seconds.toFixed(2)} s`)
