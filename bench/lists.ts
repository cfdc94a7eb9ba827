/**
 * Issue 15's target: `move --top` and `add` on a 5,000-entry list cost at most 1.2x
 * the same on a 50-entry list (docs/performance.md). Part of `npm run bench`; alone:
 *
 *   npm run bench:lists [-- --runs N] [-- --server postgres://...]
 *
 * One user with a long and a short list, on each backend; the two commands are run
 * in turns on the two lists, each run undone before the next (untimed), so every
 * timed run really moves or adds.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'
import knexFactory, { type Knex } from 'knex'
import '../src/db/pg-driver.js'
import { ensureEmbeddedServer } from '../src/db/embedded/client.js'
import { embeddedPaths } from '../src/db/embedded/paths.js'
import { stopServer } from '../src/db/embedded/stop-server.js'
import { migrateLatest } from '../src/db/schema.js'
import { packageRoot } from '../src/package-root.js'
import { type Job, interleaved } from './measure.js'

export const LONG = 5_000
export const SHORT = 50
const USER = 'lists-bench@example.com'
const BIN = join(packageRoot, 'bin', 'wishlist')

export interface ListTarget {
  backend: string
  knex: Knex
  env: NodeJS.ProcessEnv
  psql: string[]
}

interface Lists {
  long: { id: string; middle: string; middlePosition: number; absent: string }
  short: { id: string; middle: string; middlePosition: number; absent: string }
}

/** The user, LONG + 1 books of its own, and the two lists; the same on every database. */
async function fill(knex: Knex): Promise<Lists> {
  return knex.transaction(async (trx) => {
    const [user] = await trx('users').insert({ email: USER }).returning('id')
    await trx.raw(
      `insert into books (title, author) select 'List bench book ' || n, 'Bench Author ' || n from generate_series(1, ?) n
       on conflict do nothing`,
      [LONG + 2],
    )
    const make = async (name: string, size: number) => {
      const [list] = await trx('wishlists').insert({ user_id: user.id, name }).returning('id')
      await trx.raw(
        `insert into wishlist_entries (wishlist_id, user_id, book_id, position)
         select ?, ?, b.id, row_number() over (order by b.title) * 65536
         from (select id, title from books where title like 'List bench book %' order by title limit ?) b`,
        [list.id, user.id, size],
      )
      const ranked = await trx('wishlist_entries').where({ wishlist_id: list.id }).orderBy('position').select('book_id', 'position')
      const middle = ranked[Math.floor(ranked.length / 2)]!
      const absent = await trx('books')
        .where('title', 'like', 'List bench book %')
        .whereNotIn('id', trx('wishlist_entries').select('book_id').where({ wishlist_id: list.id }))
        .first('id')
      return { id: list.id, middle: middle.book_id, middlePosition: Number(middle.position), absent: absent.id }
    }
    return { long: await make('Long list', LONG), short: await make('Short list', SHORT) }
  })
}

function jobs(target: ListTarget, list: Lists['long']) {
  const as = ['--user', USER, '-l', list.id]
  const psql = (sql: string) => [...target.psql, '-c', sql]
  const move: Job = {
    argv: [BIN, 'move', list.middle, '--top', ...as],
    env: target.env,
    // Back to the middle, so that each run moves it.
    prepare: psql(`update wishlist_entries set position = ${list.middlePosition} where wishlist_id = '${list.id}' and book_id = '${list.middle}'`),
  }
  const add: Job = {
    argv: [BIN, 'add', list.absent, ...as],
    env: target.env,
    prepare: psql(`delete from wishlist_entries where wishlist_id = '${list.id}' and book_id = '${list.absent}'`),
  }
  return { move, add }
}

/** [command, backend, short ms, long ms, ratio, met] per command and backend. */
export async function listLengthRows(targets: ListTarget[], runs: number): Promise<{ lines: string[][]; ratios: number[] }> {
  const lines: string[][] = [['command', 'backend', `${SHORT} entries ms`, `${LONG.toLocaleString('en')} entries ms`, 'ratio', '<= 1.2x']]
  const ratios: number[] = []
  for (const target of targets) {
    const lists = await fill(target.knex)
    await target.knex.raw('analyze')
    const short = jobs(target, lists.short)
    const long = jobs(target, lists.long)
    for (const name of ['move', 'add'] as const) {
      const [shortMs, longMs] = interleaved([short[name], long[name]], runs * 2) as [number, number]
      ratios.push(longMs / shortMs)
      const label = name === 'move' ? 'wishlist move BOOK --top -l LIST' : 'wishlist add BOOK -l LIST'
      lines.push([label, target.backend, shortMs.toFixed(1), longMs.toFixed(1), (longMs / shortMs).toFixed(2), longMs / shortMs <= 1.2 ? 'yes' : 'no'])
    }
  }
  return { lines, ratios }
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '20' },
      server: { type: 'string', default: process.env.WISHLIST_BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    },
  })
  const work = mkdtempSync(join(tmpdir(), 'wishlist-bench-lists-'))
  process.env.WISHLIST_SERVER_IDLE_SECONDS = '3600'
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(work, 'config'), NO_COLOR: '1' }
  for (const name of ['DATABASE_URL', 'WISHLIST_DATA_DIR', 'WISHLIST_USER', 'FORCE_COLOR']) delete env[name]
  const name = `wishlist_bench_lists_${process.pid}`
  const admin = knexFactory({ client: 'pg', connection: values.server, pool: { min: 0, max: 1 } })
  const dataDir = join(work, 'embedded')
  const cleanups: (() => Promise<void>)[] = []
  try {
    await admin.raw(`create database ${name}`)
    const url = new URL(values.server!)
    url.pathname = `/${name}`
    const server = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 1 } })
    cleanups.push(async () => {
      await server.destroy()
      await admin.raw(`drop database if exists ${name} with (force)`)
    })
    await migrateLatest(server)
    const paths = await ensureEmbeddedServer(dataDir, { timeoutMs: 120_000 })
    const embedded = knexFactory({
      client: 'pg',
      connection: { host: paths.socketDir, port: 5432, user: 'postgres', database: 'postgres' },
      pool: { min: 0, max: 1 },
    })
    cleanups.push(async () => {
      await embedded.destroy()
      await stopServer(embeddedPaths(dataDir))
    })
    const targets: ListTarget[] = [
      { backend: 'server', knex: server, env: { ...env, DATABASE_URL: url.toString() }, psql: ['psql', '-X', '-q', '-d', url.toString()] },
      {
        backend: 'embedded',
        knex: embedded,
        env: { ...env, WISHLIST_DATA_DIR: dataDir },
        psql: ['psql', '-X', '-q', '-h', paths.socketDir, '-p', '5432', '-U', 'postgres', '-d', 'postgres'],
      },
    ]
    const runs = Number(values.runs)
    process.stdout.write(`List length: ${SHORT} against ${LONG.toLocaleString('en')} entries, ${runs} runs each, in turns...\n`)
    const { lines, ratios } = await listLengthRows(targets, runs)
    const widths = lines[0]!.map((_, index) => Math.max(...lines.map((line) => (line[index] ?? '').length)))
    for (const line of lines) process.stdout.write(`  ${line.map((cell, index) => cell.padEnd(widths[index]!)).join('  ')}\n`)
    const worst = Math.max(...ratios)
    process.stdout.write(`  ${worst <= 1.2 ? 'met ' : 'NOT '} move --top and add on a ${LONG.toLocaleString('en')}-entry list <= 1.2x a ${SHORT}-entry list: worst ${worst.toFixed(2)}x\n`)
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
    await admin.destroy()
    rmSync(work, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack}\n`)
    process.exit(1)
  })
}
