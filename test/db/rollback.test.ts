import { expect } from 'chai'
import { migrations } from '../../migrations/index.js'
import { schemaState } from '../../src/db/schema.js'
import { describeEachBackend } from '../helpers/databases.js'
import { fakePrompter } from '../helpers/fake-prompter.js'
import { runBinary, runInProcess } from '../helpers/run.js'

const newest = (back: number) => migrations[migrations.length - 1 - back]!.name

describeEachBackend('wishlist db rollback', (db) => {
  const count = async (table: string) => Number((await db().knex(table).count({ n: '*' }))[0]!.n)

  beforeEach(async () => {
    await runBinary(db(), ['db', 'migrate'])
    await runBinary(db(), ['db', 'seed'])
  })

  it('undoes one migration by default, though the database was migrated in one batch', async () => {
    // The newest drops the entries' position, priority and note: --yes.
    const result = await runBinary(db(), ['db', 'rollback', '--json', '--yes'])
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout).rolled_back).to.deep.equal([newest(0)])
    expect(await schemaState(db().knex)).to.equal('behind')
    expect(await count('books')).to.equal(152)
  })

  it('refuses without --yes when a rollback drops tables, saying which and how many rows, and changes nothing', async () => {
    const result = await runBinary(db(), ['db', 'rollback', '--all'])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.equal(
      `error: Rolling back ${migrations.length} migrations drops the tables books (152 rows), claims (0 rows), users (3 rows), ` +
        `wishlist_entries (${await count('wishlist_entries')} rows), wishlist_shares (0 rows), wishlists (3 rows).\n` +
        '--yes required when not running interactively.\n',
    )
    expect(await schemaState(db().knex)).to.equal('current')
    expect(await count('books')).to.equal(152)
  })

  it('asks one migration at a time only when it drops data', async () => {
    // The migrations after accent-insensitive search (sharing, ...) go first, with --yes.
    const later = migrations.length - 1 - migrations.findIndex((migration) => migration.name.startsWith('20261202000011_'))
    for (let back = 0; back < later; back++) {
      const result = await runBinary(db(), ['db', 'rollback', '--yes'])
      expect(result.code, result.stderr).to.equal(0)
    }
    // The six before add indexes, a generated column, a function and a check, or
    // change a column's type: no column or table dropped.
    for (let back = later; back < later + 6; back++) {
      const result = await runBinary(db(), ['db', 'rollback'])
      expect(result.code, result.stderr).to.equal(0)
      expect(result.stderr).to.equal(`Rolled back 1 migration:\n  ${newest(back)}\n`)
    }
    const entries = await count('wishlist_entries')
    const refused = await runBinary(db(), ['db', 'rollback'])
    expect(refused.code).to.equal(2)
    expect(refused.stderr).to.match(
      new RegExp(`^error: Rolling back 1 migration drops the table wishlist_entries \\(${entries} rows\\)\\.\n`),
    )
    expect(await count('wishlist_entries')).to.equal(entries)
    const forced = await runBinary(db(), ['db', 'rollback', '--yes', '--json'])
    expect(JSON.parse(forced.stdout).rolled_back).to.deep.equal([newest(later + 6)])
  })

  it('asks on a terminal: no keeps everything, yes rolls back every migration', async () => {
    const no = fakePrompter({ confirm: [false] })
    const declined = await runInProcess(db(), ['db', 'rollback', '--all'], { tty: true, prompter: no })
    expect(declined).to.include({ code: 1, stderr: 'Nothing was rolled back.\n' })
    expect(no.asked).to.have.length(1)
    expect(no.asked[0]).to.match(/^Rolling back \d+ migrations drops the tables books \(152 rows\), claims \(0 rows\), users \(3 rows\).*Roll back\?$/)
    expect(await count('books')).to.equal(152)
    const yes = fakePrompter({ confirm: [true] })
    const done = await runInProcess(db(), ['db', 'rollback', '--all', '--json'], { tty: true, prompter: yes })
    expect(done.code, done.stderr).to.equal(0)
    expect(JSON.parse(done.stdout).rolled_back).to.have.length(migrations.length)
    expect(await schemaState(db().knex)).to.equal('missing')
  })

  it('says there is nothing to roll back on an empty schema', async () => {
    await runBinary(db(), ['db', 'rollback', '--all', '--yes'])
    const result = await runBinary(db(), ['db', 'rollback'])
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stderr).to.equal('Nothing to roll back.\n')
  })
})
