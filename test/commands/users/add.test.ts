import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runInProcess } from '../../helpers/run.js'
import { jsonOf, snapshot } from '../fixtures.js'

describeEachBackend('wishlist users add', (db) => {
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const run = (args: string[]) => runInProcess(db(), ['users', 'add', ...args])

  it('adds a user and prints them as JSON', async () => {
    const result = await run(['--email', 'grace@example.com', '--first-name', 'Grace', '--last-name', 'Hopper', '--json'])
    expect(result.code).to.equal(0)
    const user = jsonOf(result.stdout)
    expect(Object.keys(user)).to.deep.equal(['id', 'email', 'first_name', 'last_name', 'role'])
    expect(user).to.include({ email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper' })
    expect(await db().knex('users').where({ id: user.id }).first()).to.include({ email: 'grace@example.com' })
  })

  it('needs only an email, and confirms on stderr', async () => {
    const result = await run(['--email', 'solo@example.com'])
    expect(result).to.include({ code: 0, stdout: '' })
    expect(result.stderr).to.match(/^Added user solo@example\.com \([0-9a-f-]{36}\)\.\n$/)
    expect(await db().knex('users').where({ email: 'solo@example.com' }).first()).to.include({ first_name: null, last_name: null })
  })

  it('exits 4 on an email that exists in another case, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    const result = await run(['--email', 'ADA@Example.com'])
    expect(result.code).to.equal(4)
    expect(result.stderr).to.include('already exists')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('exits 2 on a malformed or missing email, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    for (const email of ['grace', 'grace@', '@example.com', 'gr ace@example.com', '']) {
      const result = await run(['--email', email])
      expect(result.code, email).to.equal(2)
    }
    const missing = await run(['--first-name', 'Grace'])
    expect(missing.code).to.equal(2)
    expect(missing.stderr).to.include("required option '--email <EMAIL>' not specified")
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })
})
