import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { TestDatabase } from '../../helpers/databases.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Resolves once an import is writing inside its transaction. On a server its
 * statements show in pg_stat_activity. The embedded database has one session, so
 * there the sign is PostgreSQL writing WAL (the books going in) after the start: the
 * earlier statements of the transaction are too small to leave its WAL buffers.
 */
export async function importUnderway(db: TestDatabase, child: { exitCode: number | null }): Promise<void> {
  const started = Date.now()
  for (let waited = 0; waited < 60_000 && child.exitCode === null; waited += 20) {
    if (db.backend === 'server') {
      if ((await importBackends(db)).length > 0) return
    } else if (db.target.kind === 'embedded' && (await walWrittenSince(db.target.dataDir, started))) {
      return
    }
    await sleep(20)
  }
  throw new Error('the import never got under way')
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
