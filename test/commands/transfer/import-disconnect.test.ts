import { expect } from 'chai'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { goodreadsCsv } from '../../../bench/goodreads-data.js'
import { type TestDatabase, describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { AS_READER, STORYGRAPH, emptyWithReader, snapshot } from './helpers.js'
import { importBackends, startImport } from './underway.js'

/** Big enough that the import's transaction stays open for a second or more. */
const ROWS = 150_000

/**
 * The connection dropped under a running import: on a server an administrator ends
 * its session (pg_terminate_backend), on the embedded database `wishlist db stop`
 * stops the server. The import says so in one line and exits 1 (it used to crash
 * with pg's unhandled 'error' event and a 19-line stack trace), and nothing of it
 * is in the database.
 */
describeEachBackend('an import whose connection drops midway', (db) => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wishlist-drop-'))
    await writeFile(join(dir, 'big.csv'), goodreadsCsv(ROWS))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  async function dropConnection(database: TestDatabase): Promise<void> {
    if (database.backend === 'server') {
      const pids = await importBackends(database)
      expect(pids).to.not.be.empty
      for (const pid of pids) await database.knex.raw('select pg_terminate_backend(?)', [pid])
    } else {
      // PGlite busy with the import's statement stops only when it ends: `db stop` may
      // say, after its 10 s, that the server has not stopped yet (exit 1), and it is true.
      const stopped = await runBinary(database, ['db', 'stop'])
      if (stopped.code !== 0) expect(stopped.stderr).to.match(/did not stop within 10 s/)
    }
  }

  it('prints one line, exits 1, and leaves the database as it was', async function () {
    this.timeout(120_000)
    await emptyWithReader(db())
    await runInProcess(db(), ['import', STORYGRAPH, ...AS_READER])
    const before = await snapshot(db().knex)

    const running = await startImport(db(), join(dir, 'big.csv'), join(dir, 'config'))
    await dropConnection(db())
    const { code } = await running.exited
    const stderr = running.stderr()
    expect(code, stderr).to.equal(1)
    expect(stderr).to.not.match(/^\s+at /m)
    expect(stderr).to.not.match(/Unhandled|Imported/)
    expect(stderr).to.match(/^error: Lost the connection to .* mid-command; what it had not committed was rolled back\.\n/)
    expect(stderr.trimEnd().split('\n'), stderr).to.have.length.at.most(2)

    // The next command (on the embedded database, it starts the server again) sees
    // the database as it was before the import.
    expect((await runBinary(db(), ['users', '--json'])).code).to.equal(0)
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })
})
