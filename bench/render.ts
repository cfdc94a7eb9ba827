/**
 * `show` of a long list on a terminal against the same list piped (issue 17: a
 * terminal table within 2x the tab-separated time, so rendering is linear in rows).
 *
 *   npm run bench:render [-- --rows 50000] [-- --runs 3] [-- --bin path/to/bin/wishlist]
 *
 * Standalone, it makes a throwaway database on the PostgreSQL server and a throwaway
 * embedded directory, each with a catalogue of rows + 1,000 books and one list of
 * `rows` books, then times `wishlist show LIST` in a real pseudo-terminal (120x40,
 * no pager: the table itself, not a pager waiting for keys) and piped (the
 * tab-separated lines), in turns. `npm run bench` runs the same timing on its large
 * datasets. --bin times another build (an older checkout's bin/wishlist, for a
 * before/after); --timeout-s gives up on a run (default 300 s).
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import knexFactory, { type Knex } from 'knex'
import '../src/db/pg-driver.js'
import { ensureEmbeddedServer } from '../src/db/embedded/client.js'
import { isAlive, readOwner } from '../src/db/embedded/ownership.js'
import { embeddedPaths } from '../src/db/embedded/paths.js'
import { migrateLatest } from '../src/db/schema.js'
import { packageRoot } from '../src/package-root.js'
import { BENCH_USER, generate } from './dataset.js'
import { median } from './measure.js'

export const RENDER_LIST = 'Render list'

/** A list of `rows` books for the bench user (the first books by ISBN); replaces an older one. */
export async function addRenderList(knex: Knex, rows: number): Promise<number> {
  await knex('wishlists').where({ name: RENDER_LIST }).del()
  await knex.raw(
    `with list as (
       insert into wishlists (user_id, name) select id, ? from users where email = ? returning id, user_id
     )
     insert into wishlist_entries (wishlist_id, user_id, book_id, added_at)
     select list.id, list.user_id, b.id, now() - b.n * interval '1 minute'
     from list, (select id, row_number() over (order by isbn) as n from books order by isbn limit ?) b`,
    [RENDER_LIST, BENCH_USER, rows],
  )
  const [row] = await knex('wishlist_entries as e').join('wishlists as w', 'w.id', 'e.wishlist_id').where('w.name', RENDER_LIST).count({ count: '*' })
  await knex.raw('analyze wishlist_entries')
  return Number(row?.count ?? 0)
}

export interface RenderTiming {
  /** Median wall time of `show` in a pseudo-terminal, ms; undefined when a run timed out. */
  terminalMs?: number
  /** Median wall time of `show` piped (tab-separated), ms. */
  pipedMs: number
  /** Bytes the terminal run printed (a sanity check that the table was drawn). */
  terminalBytes: number
}

type Pty = typeof import('@lydell/node-pty')

/** `show RENDER_LIST` in a pty and piped, in turns, `runs` times each after one warm-up. */
export async function renderTimings(bin: string, env: NodeJS.ProcessEnv, runs: number, timeoutMs = 300_000): Promise<RenderTiming> {
  const pty: Pty = await import('@lydell/node-pty')
  // No pager (WISHLIST_PAGER=cat rather than --no-pager, which older builds lack).
  const argv = [bin, 'show', RENDER_LIST, '--user', BENCH_USER]
  env = { ...env, WISHLIST_PAGER: 'cat' }
  const terminal: number[] = []
  const piped: number[] = []
  let terminalBytes = 0
  let timedOut = false
  for (let run = -1; run < runs; run++) {
    const p = await pipedRun(argv, env)
    if (!timedOut) {
      const t = await ptyRun(pty, argv, env, timeoutMs)
      if (t === undefined) timedOut = true
      else {
        terminalBytes = t.bytes
        if (run >= 0) terminal.push(t.ms)
      }
    }
    if (run >= 0) piped.push(p)
  }
  return { terminalMs: timedOut ? undefined : median(terminal), pipedMs: median(piped), terminalBytes }
}

function pipedRun(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stdout.resume()
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`piped show: exit ${code}: ${stderr.trim().split('\n')[0]}`))
      else resolve(Number(process.hrtime.bigint() - started) / 1e6)
    })
  })
}

function ptyRun(pty: Pty, argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ ms: number; bytes: number } | undefined> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const clean = Object.fromEntries(Object.entries({ ...env, TERM: 'xterm-256color' }).filter(([, value]) => value !== undefined)) as Record<string, string>
    const child = pty.spawn(process.execPath, argv, { cols: 120, rows: 40, env: clean })
    let bytes = 0
    let tail = ''
    child.onData((data) => {
      bytes += data.length
      tail = (tail + data).slice(-500)
    })
    const timer = setTimeout(() => {
      child.kill()
      resolve(undefined)
    }, timeoutMs)
    child.onExit(({ exitCode }) => {
      clearTimeout(timer)
      if (exitCode !== 0) reject(new Error(`show on a terminal: exit ${exitCode}: ${tail}`))
      else resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, bytes })
    })
  })
}

export function describeTiming(label: string, rows: number, timing: RenderTiming, timeoutMs: number): string[] {
  const terminal = timing.terminalMs === undefined ? `did not finish within ${timeoutMs / 1000} s` : `${timing.terminalMs.toFixed(0)} ms`
  const ratio = timing.terminalMs === undefined ? 'n/a' : `${(timing.terminalMs / timing.pipedMs).toFixed(2)}x`
  return [
    `  ${label}: show of ${rows.toLocaleString('en')} rows on a terminal ${terminal}, piped ${timing.pipedMs.toFixed(0)} ms: ${ratio} (target <= 2x)`,
  ]
}

// --- standalone --------------------------------------------------------------------

async function main() {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '50000' },
      runs: { type: 'string', default: '3' },
      bin: { type: 'string', default: join(packageRoot, 'bin', 'wishlist') },
      'timeout-s': { type: 'string', default: '300' },
      server: { type: 'string', default: process.env.WISHLIST_BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
      backend: { type: 'string' },
    },
  })
  const rows = Number(values.rows)
  const runs = Number(values.runs)
  const timeoutMs = Number(values['timeout-s']) * 1000
  const work = mkdtempSync(join(tmpdir(), 'wishlist-bench-render-'))
  const baseEnv: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(work, 'config'), NO_COLOR: '1', WISHLIST_SERVER_IDLE_SECONDS: '3600' }
  for (const name of ['DATABASE_URL', 'WISHLIST_DATA_DIR', 'WISHLIST_USER', 'FORCE_COLOR']) delete baseEnv[name]
  const size = { books: rows + 1000, users: 2, entries: 100 }
  process.stdout.write(`wishlist bench:render: ${values.bin}, ${runs} runs per row\n`)
  try {
    if (values.backend !== 'embedded') {
      const name = `wishlist_bench_render_${process.pid}`
      const admin = knexFactory({ client: 'pg', connection: values.server, pool: { min: 0, max: 1 } })
      await admin.raw(`create database ${name}`)
      const url = new URL(values.server!)
      url.pathname = `/${name}`
      const knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 1 } })
      try {
        await migrateLatest(knex)
        await generate(knex, size)
        const count = await addRenderList(knex, rows)
        const timing = await renderTimings(values.bin!, { ...baseEnv, DATABASE_URL: url.toString() }, runs, timeoutMs)
        for (const line of describeTiming('server', count, timing, timeoutMs)) process.stdout.write(`${line}\n`)
      } finally {
        await knex.destroy()
        await admin.raw(`drop database if exists ${name} with (force)`)
        await admin.destroy()
      }
    }
    if (values.backend !== 'server') {
      const dataDir = join(work, 'embedded')
      const paths = await ensureEmbeddedServer(dataDir, { timeoutMs: 120_000 })
      const knex = knexFactory({
        client: 'pg',
        connection: { host: paths.socketDir, port: 5432, user: 'postgres', database: 'postgres' },
        pool: { min: 0, max: 1 },
      })
      try {
        await generate(knex, size)
        const count = await addRenderList(knex, rows)
        const timing = await renderTimings(values.bin!, { ...baseEnv, WISHLIST_DATA_DIR: dataDir }, runs, timeoutMs)
        for (const line of describeTiming('embedded', count, timing, timeoutMs)) process.stdout.write(`${line}\n`)
      } finally {
        await knex.destroy()
        const pid = await readOwner(embeddedPaths(dataDir))
        if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGTERM')
        for (let waited = 0; pid !== undefined && isAlive(pid) && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50))
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
