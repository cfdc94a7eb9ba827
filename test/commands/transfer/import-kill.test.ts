import { expect } from 'chai'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { goodreadsCsv } from '../../../bench/goodreads-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runInProcess } from '../../helpers/run.js'
import { AS_READER, STORYGRAPH, emptyWithReader, snapshot } from './helpers.js'
import { startImport } from './underway.js'

/** Big enough that the import's transaction stays open for a second or more. */
const ROWS = 150_000

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

    const running = await startImport(db(), join(dir, 'big.csv'), join(dir, 'config'))
    running.child.kill('SIGKILL')
    const { signal } = await running.exited
    expect(signal, running.stderr()).to.equal('SIGKILL')
    const stderr = running.stderr()
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

    const running = await startImport(db(), join(dir, 'big.csv'), join(dir, 'config'))
    running.child.kill('SIGINT')
    const { code } = await running.exited
    const stderr = running.stderr()
    expect(code, stderr).to.equal(130)
    expect(stderr).to.equal(`Interrupted: nothing was imported from ${join(dir, 'big.csv')}.\n`)

    const now = await snapshot(db().knex)
    expect(now).to.deep.equal(before)
    const after = await runInProcess(db(), ['import', '-', ...AS_READER, '--json'], { stdin: 'title\nAfter Ctrl-C\n' })
    expect(JSON.parse(after.stdout)).to.include({ books_created: 1 })
  })
})
