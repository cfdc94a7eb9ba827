import { expect } from 'chai'
import { type TestDatabase, createTestDatabase, serverIsAvailable } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'

/** Server URLs: sslmode, secrets in the query string, a server's statement_timeout. */
describe('wishlist on a server URL', () => {
  let db: TestDatabase | undefined
  const url = (query: string) => `${db!.target.kind === 'server' ? db!.target.url : ''}?${query}`

  before(async function () {
    if (!(await serverIsAvailable())) return this.skip()
    db = await createTestDatabase('server')
  })
  after(() => db?.destroy())

  // The test server has no SSL (`show ssl` is off).
  it('sslmode=require on a server without SSL: one clean error, no Node SECURITY WARNING', async () => {
    const result = await runBinary(db, ['--db', url('sslmode=require'), 'db', 'info'])
    expect(result.code).to.equal(1)
    expect(result.stderr).to.match(/^error: PostgreSQL at 127\.0\.0\.1:5432 does not accept SSL connections, and the URL asks for SSL \(sslmode\)\.\n/)
    expect(result.stderr.trim().split('\n')).to.have.length(2)
    expect(result.stderr).to.not.match(/SECURITY WARNING|Warning/)
  })

  it('sslmode=prefer and allow fall back to a plain connection, as libpq does; disable is plain', async () => {
    for (const mode of ['prefer', 'allow', 'disable']) {
      const result = await runBinary(db, ['--db', url(`sslmode=${mode}`), 'db', 'info', '--json'])
      expect(result.code, `${mode}: ${result.stderr}`).to.equal(0)
      expect(result.stderr, mode).to.equal('')
      expect(JSON.parse(result.stdout).url).to.include(`sslmode=${mode}`)
    }
  })

  it('refuses an unknown sslmode, and verify-ca without a CA, in one line each (exit 2)', async () => {
    const bogus = await runBinary(db, ['--db', url('sslmode=sometimes'), 'db', 'info'])
    expect(bogus.code).to.equal(2)
    expect(bogus.stderr).to.match(/^error: Unknown sslmode=sometimes in DATABASE_URL \/ --db\.\nUse one of disable, allow, prefer, require, verify-ca, verify-full\.\n$/)
    const noCa = await runBinary(db, ['--db', url('sslmode=verify-ca'), 'db', 'info'])
    expect(noCa.code).to.equal(2)
    expect(noCa.stderr).to.match(/^error: sslmode=verify-ca needs sslrootcert=FILE/)
    expect(noCa.stderr).to.not.include('SECURITY WARNING')
  })

  it('never prints a password given in the query string', async () => {
    const info = await runBinary(db, ['--db', url('password=hunter2&application_name=wl'), 'db', 'info'])
    expect(info.code, info.stderr).to.equal(0)
    expect(info.stdout).to.match(/\?password=\*\*\*\*\*&application_name=wl/)
    const down = await runBinary(undefined, ['--db', 'postgres://postgres@127.0.0.1:1/wl?password=hunter2', 'db', 'info'])
    expect(down.code).to.equal(1)
    for (const result of [info, down]) expect(result.stdout + result.stderr).to.not.include('hunter2')
  })

  it("says a server's statement_timeout cancelled the first query, not that it cannot connect", async () => {
    const timed = await createTestDatabase('server')
    try {
      // The schema check reads knex_migrations: a view that sleeps makes it outlast a
      // 1 ms statement_timeout every time.
      await timed.knex.raw('alter table knex_migrations rename to knex_migrations_real')
      await timed.knex.raw('create view knex_migrations as select m.* from knex_migrations_real m, pg_sleep(0.2)')
      const name = new URL(timed.target.kind === 'server' ? timed.target.url : '').pathname.slice(1)
      await timed.knex.raw(`alter database ${name} set statement_timeout = 1`)
      const result = await runBinary(timed, ['show'])
      expect(result.code).to.equal(1)
      expect(result.stderr).to.match(/^error: PostgreSQL at 127\.0\.0\.1:5432 cancelled a query while wishlist was connecting: statement timeout\.\nThe statement_timeout set for this database or role is too short/)
      expect(result.stderr).to.not.match(/Cannot connect|docker/)
    } finally {
      await timed.destroy()
    }
  })
})
