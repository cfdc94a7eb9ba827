import { expect } from 'chai'
import { describeEachBackend, stopEmbeddedServer } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'

describeEachBackend('a database migrated by a newer version of wishlist', (get) => {
  before(async () => {
    const db = get()
    await db.knex('knex_migrations').insert({ name: '29990101000000_from_a_newer_version.ts', batch: 99, migration_time: new Date() })
    // The embedded server checks the schema when it starts: start it again on the newer one.
    if (db.target.kind === 'embedded') {
      await db.knex.destroy()
      await stopEmbeddedServer(db.target.dataDir)
    }
  })

  it('still answers `db info`, which says the schema is ahead', async () => {
    const info = await runBinary(get(), ['db', 'info', '--json'])
    expect(info.code, info.stderr).to.equal(0)
    expect(JSON.parse(info.stdout).schema).to.equal('ahead')
  })

  it('still opens `db shell`', async () => {
    // psql on a server where it is installed, the built-in prompt elsewhere: both print the value.
    const shell = await runBinary(get(), ['db', 'shell'], { stdin: "select name from knex_migrations where batch = 99;" })
    expect(shell.code, shell.stderr).to.equal(0)
    expect(shell.stdout).to.match(/29990101000000_from_a_newer_version/)
  })

  it('refuses other commands, naming a newer version, and leaves the schema alone', async () => {
    const show = await runBinary(get(), ['show'])
    expect(show.code).to.equal(1)
    expect(show.stderr).to.match(/^error: .*newer/)
    expect(show.stderr.trim().split('\n')).to.have.length.at.most(2)
    const info = await runBinary(get(), ['db', 'info', '--json'])
    expect(JSON.parse(info.stdout).schema).to.equal('ahead')
  })
})
