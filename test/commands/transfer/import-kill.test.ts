import { expect } from 'chai'
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { goodreadsCsv } from '../../../bench/goodreads-data.js'
import { type TestDatabase, describeEachBackend } from '../../helpers/databases.js'
import { BIN, runInProcess } from '../../helpers/run.js'
import { AS_READER, STORYGRAPH, emptyWithReader, snapshot } from './helpers.js'

/** Big enough that the import's transaction stays open for a second or more. */
const ROWS = 150_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Resolves once the import is writing inside its transaction. On a server its
 * statements show in pg_stat_activity. The embedded database has one session, so
 * there the sign is PostgreSQL writing WAL (the books going in) after the start: the
 * earlier statements of the transaction are too small to leave its WAL buffers.
 */
async function importUnderway(db: TestDatabase, child: { exitCode: number | null }): Promise<void> {
  const started = Date.now()
  for (let waited = 0; waited < 60_000 && child.exitCode === null; waited += 20) {
    if (db.backend === 'server') {
      const { rows } = await db.knex.raw(
        `select 1 from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike '%import_rows%'`,
      )
      if (rows.length > 0) return
    } else if (db.target.kind === 'embedded' && (await walWrittenSince(db.target.dataDir, started))) {
      return
    }
    await sleep(20)
  }
  throw new Error('the import never got under way')
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

describeEachBackend('an import killed midway', (db) => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wishlist-kill-'))
    await writeFile(join(dir, 'big.csv'), goodreadsCsv(ROWS))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('leaves the database exactly as it was (SIGKILL)', async function () {
    this.timeout(120_000)
    // Both backends: on the embedded one, the socket server must end the killed
    // client's session and roll its transaction back before it serves the next one.
    await emptyWithReader(db())
    await runInProcess(db(), ['import', STORYGRAPH, ...AS_READER])
    const before = await snapshot(db().knex)

    const child = spawn(process.execPath, [BIN, 'import', join(dir, 'big.csv'), ...AS_READER], {
      env: { ...process.env, DATABASE_URL: '', WISHLIST_DATA_DIR: '', XDG_CONFIG_HOME: join(dir, 'config'), ...db().env },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
    await importUnderway(db(), child)
    child.kill('SIGKILL')
    expect(await exited, stderr).to.equal('SIGKILL')
    // Killed before it could finish (its summary comes right after the commit).
    expect(stderr).to.not.match(/Imported/)

    const now = await snapshot(db().knex)
    const sizes = (shot: typeof before) => Object.fromEntries(Object.entries(shot).map(([table, rows]) => [table, rows.length]))
    expect(sizes(now)).to.deep.equal(sizes(before))
    expect(now).to.deep.equal(before)
    // And the database is not left inside the dead client's transaction.
    const after = await runInProcess(db(), ['import', '-', ...AS_READER, '--json'], { stdin: 'title\nAfter the kill\n' })
    expect(JSON.parse(after.stdout)).to.include({ books_created: 1 })
  })

  it('says nothing was imported on Ctrl-C (SIGINT), exits 130, and leaves the database as it was', async function () {
    this.timeout(120_000)
    await emptyWithReader(db())
    await runInProcess(db(), ['import', STORYGRAPH, ...AS_READER])
    const before = await snapshot(db().knex)

    const child = spawn(process.execPath, [BIN, 'import', join(dir, 'big.csv'), ...AS_READER], {
      env: { ...process.env, DATABASE_URL: '', WISHLIST_DATA_DIR: '', XDG_CONFIG_HOME: join(dir, 'config'), ...db().env },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await importUnderway(db(), child)
    child.kill('SIGINT')
    expect(await exited, stderr).to.equal(130)
    expect(stderr).to.equal(`Interrupted: nothing was imported from ${join(dir, 'big.csv')}.\n`)

    const now = await snapshot(db().knex)
    expect(now).to.deep.equal(before)
    const after = await runInProcess(db(), ['import', '-', ...AS_READER, '--json'], { stdin: 'title\nAfter Ctrl-C\n' })
    expect(JSON.parse(after.stdout)).to.include({ books_created: 1 })
  })
})
