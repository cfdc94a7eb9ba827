/**
 * Time and peak memory of `wishlist import` for a 100,000-row file of each format:
 *
 *   npm run bench:formats [-- --rows 100000] [-- --formats goodreads,csv] [-- --embedded]
 *
 * Each file (bench/formats-data.ts; Goodreads from bench/goodreads-data.ts) is imported
 * by the built CLI into an empty database on the PostgreSQL server (as bench/import.ts;
 * with --embedded into a new embedded database too), under /usr/bin/time for the
 * process's peak RSS. Throwaway databases are removed.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import knexFactory from 'knex'
import '../src/db/pg-driver.js'
import { migrateLatest } from '../src/db/schema.js'
import { formatFile } from './formats-data.js'
import { goodreadsCsv } from './goodreads-data.js'

const ALL = ['goodreads', 'storygraph', 'librarything', 'librarything-json', 'bookwyrm', 'openlibrary', 'hardcover', 'calibre', 'csv', 'json']
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    formats: { type: 'string', default: ALL.join(',') },
    embedded: { type: 'boolean', default: false },
    server: { type: 'string', default: process.env.WISHLIST_BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
})
const rows = Number(values.rows)
const BIN = fileURLToPath(new URL('../../bin/wishlist', import.meta.url))
const EMAIL = 'bench@example.com'
const dir = await mkdtemp(join(tmpdir(), 'wishlist-bench-formats-'))
const admin = knexFactory({ client: 'pg', connection: values.server!, pool: { min: 0, max: 1 } })

/** Runs the built CLI under /usr/bin/time: seconds and peak RSS in MB (1,048,576 bytes). */
function timed(env: Record<string, string>, args: string[]): { seconds: number; mb: number } {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, BIN, ...args], { env: { ...process.env, ...env }, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`wishlist ${args.join(' ')} failed: ${result.stderr}`)
  const [seconds, kb] = result.stderr.trim().split('\n').at(-1)!.split(' ').map(Number)
  return { seconds: seconds!, mb: kb! / 1024 }
}

const lines: string[] = []
try {
  for (const format of values.formats!.split(',')) {
    const file = join(dir, `${format}.${format.endsWith('json') ? 'json' : format === 'librarything' ? 'tsv' : 'csv'}`)
    await writeFile(file, format === 'goodreads' ? goodreadsCsv(rows) : formatFile(format, rows))
    const size = (await stat(file)).size / 1_000_000
    const name = `wishlist_bench_formats_${process.pid}`
    await admin.raw(`drop database if exists ${name} with (force)`)
    await admin.raw(`create database ${name}`)
    const url = new URL(values.server!)
    url.pathname = `/${name}`
    const server = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 1 } })
    try {
      await migrateLatest(server)
      await server('users').insert({ email: EMAIL })
    } finally {
      await server.destroy()
    }
    const onServer = timed({ DATABASE_URL: url.toString() }, ['import', file, '-u', EMAIL, '-q', '--format', format])
    let embedded = ''
    if (values.embedded) {
      const data = join(dir, `data-${format}`)
      const env = { WISHLIST_DATA_DIR: data, DATABASE_URL: '' }
      spawnSync(process.execPath, [BIN, 'users', 'add', '--email', EMAIL], { env: { ...process.env, ...env } })
      const local = timed(env, ['import', file, '-u', EMAIL, '-q', '--format', format])
      spawnSync(process.execPath, [BIN, 'db', 'stop'], { env: { ...process.env, ...env } })
      embedded = `  embedded ${local.seconds.toFixed(2)} s ${local.mb.toFixed(0)} MB`
      await rm(data, { recursive: true, force: true })
    }
    await admin.raw(`drop database if exists ${name} with (force)`)
    const text = `  ${format.padEnd(18)} ${size.toFixed(1).padStart(5)} MB file  server ${onServer.seconds.toFixed(2)} s ${onServer.mb.toFixed(0)} MB${embedded}`
    console.log(text)
    lines.push(text)
    await rm(file, { force: true })
  }
} finally {
  await admin.destroy()
  await rm(dir, { recursive: true, force: true })
}
console.log(`${rows} rows per format, peak RSS of the wishlist process (MB of 1,048,576 bytes).`)
