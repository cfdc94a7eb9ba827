import { expect } from 'chai'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { databaseKey } from '../../../src/config.js'
import { type TestDatabase, createTestDatabase, describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { ADA, OCTAVIA, TO_READ, jsonOf, withSampleDataAndConfig } from '../fixtures.js'

describeEachBackend('wishlist users use', (db) => {
  const { configHome, savedConfig, run } = withSampleDataAndConfig(db)

  it('saves the user’s id as the default, and later commands act as them', async () => {
    const before = await run(['lists'])
    expect(before.code).to.equal(2) // three users and none chosen
    const result = await run(['users', 'use', 'ADA@example.com'])
    expect(result).to.include({ code: 0, stdout: '' })
    expect(result.stderr).to.include('Ada Lovelace <ada@example.com>')
    expect(await savedConfig()).to.deep.equal({ defaultUsers: { [databaseKey(db().target)]: ADA.id } })
    const lists = await run(['lists', '--json'])
    expect(lists.code).to.equal(0)
    expect(jsonOf(lists.stdout).map((list: { user_id: string }) => list.user_id)).to.deep.equal([ADA.id, ADA.id])
    const created = await run(['lists', 'create', 'Saved default', '--json'])
    expect(jsonOf(created.stdout).user_id).to.equal(ADA.id)
  })

  it('is overridden by --user and WISHLIST_USER', async () => {
    await run(['users', 'use', ADA.email])
    const flag = await run(['-u', OCTAVIA.email, 'lists', '--json'])
    expect(jsonOf(flag.stdout).map((list: { user_id: string }) => list.user_id)).to.deep.equal([OCTAVIA.id])
    const env = await runInProcess(db(), ['lists', '--json'], { env: { XDG_CONFIG_HOME: configHome(), WISHLIST_USER: OCTAVIA.id } })
    expect(jsonOf(env.stdout).map((list: { user_id: string }) => list.user_id)).to.deep.equal([OCTAVIA.id])
  })

  it('prints the user as JSON', async () => {
    const result = await run(['users', 'use', ADA.id, '--json'])
    expect(jsonOf(result.stdout)).to.deep.equal({ id: ADA.id, email: ADA.email, first_name: 'Ada', last_name: 'Lovelace', role: null })
  })

  it('exits 3 with a "did you mean" for an unknown user, and keeps the saved default', async () => {
    await run(['users', 'use', ADA.email])
    const result = await run(['users', 'use', 'octavia@exmple.com'])
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include('Did you mean "octavia@example.com"?')
    expect(await savedConfig()).to.deep.equal({ defaultUsers: { [databaseKey(db().target)]: ADA.id } })
  })

  it('works through the built binary: `users use`, then `lists` as that user', async () => {
    const env = { XDG_CONFIG_HOME: configHome() }
    expect((await runBinary(db(), ['users', 'use', ADA.email], { env })).code).to.equal(0)
    const lists = await runBinary(db(), ['lists'], { env })
    expect(lists.code).to.equal(0)
    expect(lists.stdout).to.include(`${TO_READ}\tTo read\t6\t`)
  })

  describe('on two databases', () => {
    // A second database of the same backend, with two users of its own and no Ada.
    let other: TestDatabase
    before(async () => {
      other = await createTestDatabase(db().backend)
      await other.knex('users').insert([{ email: 'grace@example.com' }, { email: 'alan@example.com' }])
    })
    after(() => other.destroy())
    const onOther = (args: string[]) => runInProcess(other, args, { env: { XDG_CONFIG_HOME: configHome() } })
    const emailsOf = (stdout: string) => jsonOf(stdout).map((user: { email: string }) => user.email)

    it('keeps the saved default per database: one database’s default never breaks another', async () => {
      expect((await run(['users', 'use', ADA.email])).code).to.equal(0)
      // Before: "The saved default user ... does not exist in this database" (exit 3).
      const unchosen = await onOther(['lists'])
      expect(unchosen.code, unchosen.stderr).to.equal(2)
      expect(unchosen.stderr).to.include('No user chosen')
      expect((await onOther(['users', 'use', 'grace@example.com'])).code).to.equal(0)
      expect((await onOther(['lists'])).code).to.equal(0)
      const lists = await run(['lists', '--json'])
      expect(jsonOf(lists.stdout).map((list: { user_id: string }) => list.user_id)).to.deep.equal([ADA.id, ADA.id])
      const [grace] = await other.knex('users').where({ email: 'grace@example.com' }).pluck('id')
      expect(await savedConfig()).to.deep.equal({
        defaultUsers: { [databaseKey(db().target)]: ADA.id, [databaseKey(other.target)]: grace },
      })
      expect(emailsOf((await onOther(['users', '--json'])).stdout)).to.have.length(2)
    })

    it('reads an older config’s single default where that user exists, and ignores it where not', async () => {
      await mkdir(join(configHome(), 'wishlist'), { recursive: true })
      await writeFile(join(configHome(), 'wishlist', 'config.json'), JSON.stringify({ defaultUser: ADA.id }))
      const lists = await run(['lists', '--json'])
      expect(lists.code, lists.stderr).to.equal(0)
      expect(jsonOf(lists.stdout).map((list: { user_id: string }) => list.user_id)).to.deep.equal([ADA.id, ADA.id])
      const elsewhere = await onOther(['lists'])
      expect(elsewhere.code).to.equal(2)
      expect(elsewhere.stderr).to.include('No user chosen')
      // Saving a default for one database keeps the old one for the others.
      expect((await onOther(['users', 'use', 'alan@example.com'])).code).to.equal(0)
      const [alan] = await other.knex('users').where({ email: 'alan@example.com' }).pluck('id')
      expect(await savedConfig()).to.deep.equal({ defaultUser: ADA.id, defaultUsers: { [databaseKey(other.target)]: alan } })
    })
  })

  it('never writes a password into the config: the key is the server’s user, host, port and database', async function () {
    const target = db().target
    if (target.kind !== 'server') return this.skip()
    const url = new URL(target.url)
    url.password = 's3cret-pass'
    url.searchParams.set('application_name', 'wishlist-test')
    const result = await runInProcess(db(), ['users', 'use', ADA.email], { env: { XDG_CONFIG_HOME: configHome(), DATABASE_URL: url.toString() } })
    expect(result.code, result.stderr).to.equal(0)
    const saved = await savedConfig()
    expect(JSON.stringify(saved)).to.not.include('s3cret')
    expect(Object.keys(saved.defaultUsers)).to.deep.equal([`postgres://postgres@127.0.0.1:5432${new URL(url).pathname}`])
    // The same database without the password finds the same default.
    expect((await run(['lists'])).code).to.equal(0)
  })
})

describe('databaseKey', () => {
  it('keeps user, host, port and database of a server URL, and drops password and parameters', () => {
    const key = (url: string) => databaseKey({ kind: 'server', url })
    expect(key('postgres://ada:pw@DB.example.com/books?sslmode=require&password=x')).to.equal('postgres://ada@db.example.com:5432/books')
    expect(key('postgresql://ada:pw@db.example.com:6543/books')).to.equal('postgres://ada@db.example.com:6543/books')
    expect(key('postgres:///books?host=/run/postgresql')).to.equal('postgres://@/run/postgresql:5432/books')
    expect(key('not a url password=pw')).to.not.include('pw')
    expect(databaseKey({ kind: 'embedded', dataDir: '/home/ada/.local/share/wishlist' })).to.equal('/home/ada/.local/share/wishlist')
  })
})
