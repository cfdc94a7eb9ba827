import { type ChildProcess, spawn } from 'node:child_process'
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { recordedEngine } from '../../../src/db/embedded/engine.js'
import { embeddedPaths } from '../../../src/db/embedded/paths.js'
import type { TestDatabase } from '../../helpers/databases.js'
import { BIN } from '../../helpers/run.js'
import { AS_READER } from './helpers.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Resolves once an import is writing inside its transaction. On a server, and on the
 * embedded database's native engine, its statements show in pg_stat_activity. PGlite
 * has one session, so there the sign is PostgreSQL writing WAL (the books going in)
 * after the start: the earlier statements of the transaction are too small to leave
 * its WAL buffers. (A native postmaster writes WAL of its own, at start-up and in
 * checkpoints, so WAL there could come before the import has said what Ctrl-C means.)
 */
export async function importUnderway(db: TestDatabase, child: { exitCode: number | null }): Promise<void> {
  const started = Date.now()
  const pglite = db.target.kind === 'embedded' && recordedEngine(embeddedPaths(db.target.dataDir)) === 'pglite'
  for (let waited = 0; waited < 60_000 && child.exitCode === null; waited += 20) {
    if (!pglite) {
      if ((await importBackends(db)).length > 0) return
    } else if (db.target.kind === 'embedded' && (await walWrittenSince(db.target.dataDir, started))) {
      return
    }
    await sleep(20)
  }
  throw new Error('the import never got under way')
}

export interface BackgroundImport {
  child: ChildProcess
  /** What it has written on stderr so far. */
  stderr(): string
  /** Its exit code and signal, once it has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Starts the built binary importing FILE as the reader, and waits until it is writing. */
export async function startImport(db: TestDatabase, file: string, configDir: string): Promise<BackgroundImport> {
  const child = spawn(process.execPath, [BIN, 'import', file, ...AS_READER], {
    env: { ...process.env, DATABASE_URL: '', WISHLIST_DATA_DIR: '', XDG_CONFIG_HOME: configDir, ...db.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  await importUnderway(db, child)
  return { child, stderr: () => stderr, exited }
}

/** On a server: the backend pids running an import's statements in this database. */
export async function importBackends(db: TestDatabase): Promise<number[]> {
  const { rows } = await db.knex.raw(
    `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike '%import_rows%'`,
  )
  return rows.map((row: { pid: number }) => row.pid)
}

async function walWrittenSince(dataDir: string, since: number): Promise<boolean> {
  const wal = join(dataDir, 'pgdata', 'pg_wal')
  const files = await readdir(wal).catch(() => [])
  for (const file of files) {
    const info = await stat(join(wal, file)).catch(() => undefined)
    if (info?.isFile() && info.mtimeMs > since) return true
  }
  return false
}
