import { expect } from 'chai'
import { assertKnownMigrations } from '../../src/db/schema.js'
import { type TestDatabase, createTestDatabase, describeEachBackend, serverIsAvailable } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'

const FUTURE = '20991231000000_from_a_newer_wishlist.js'

describeEachBackend('a database migrated by a newer wishlist', (db) => {
  beforeEach(() => db().knex('knex_migrations').insert({ name: FUTURE, batch: 99, migration_time: new Date() }))
  afterEach(() => db().knex('knex_migrations').where({ name: FUTURE }).del())

  // The embedded database's server is already running here; whether a server starts
  // on such a directory is the embedded server's business (src/db/embedded/server.ts).
  for (const args of [['db', 'migrate'], ['db', 'status'], ['db', 'rollback'], ['db', 'rollback', '--all', '--yes'], ['db', 'reset', '--yes']]) {
    it(`\`${args.join(' ')}\` says so and names the migration, never "corrupt"`, async () => {
      const result = await runBinary(db(), args)
      expect(result.code).to.equal(1)
      expect(result.stderr).to.match(
        /^error: The database was migrated by a newer version of wishlist: its migration 20991231000000_from_a_newer_wishlist\.js is unknown to wishlist \d+\.\d+\.\d+\S*\.\nUpgrade wishlist, or point it at another database\.\n$/,
      )
      expect(Number((await db().knex('knex_migrations').count({ n: '*' }))[0]!.n)).to.be.greaterThan(1)
    })
  }

  it('the check behind them throws the same error', async () => {
    try {
      await assertKnownMigrations(db().knex)
      expect.fail('expected an error')
    } catch (error) {
      expect((error as Error).message).to.include(FUTURE)
    }
  })
})

// Other commands on the embedded database are the embedded server's business.
describe('a server database migrated by a newer wishlist, for other commands', () => {
  let db: TestDatabase | undefined
  before(async function () {
    if (!(await serverIsAvailable())) return this.skip()
    db = await createTestDatabase('server')
    await db.knex('knex_migrations').insert({ name: FUTURE, batch: 99, migration_time: new Date() })
  })
  after(() => db?.destroy())

  it('names the migration too', async () => {
    const result = await runBinary(db, ['show'])
    expect(result.code).to.equal(1)
    expect(result.stderr).to.match(/^error: The database was migrated by a newer version of wishlist: its migration 20991231000000_from_a_newer_wishlist\.js/)
  })
})
