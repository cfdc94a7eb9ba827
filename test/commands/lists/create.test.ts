import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runInProcess } from '../../helpers/run.js'
import { ADA, OCTAVIA, jsonOf, snapshot } from '../fixtures.js'

describeEachBackend('wishlist lists create', (db) => {
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const run = (args: string[]) => runInProcess(db(), ['-u', ADA.email, ...args])

  it('creates an empty list and prints it as JSON', async () => {
    const result = await run(['lists', 'create', '  Birthday  ', '--json'])
    expect(result.code).to.equal(0)
    const list = jsonOf(result.stdout)
    expect(Object.keys(list)).to.deep.equal(['id', 'name', 'user_id', 'book_count', 'created_at'])
    expect(list).to.include({ name: 'Birthday', user_id: ADA.id, book_count: 0 })
    const row = await db().knex('wishlists').where({ id: list.id }).first()
    expect(row).to.include({ name: 'Birthday', user_id: ADA.id })
  })

  it('confirms on stderr and prints nothing on stdout without --json', async () => {
    const result = await run(['lists', 'create', 'Birthday'])
    expect(result).to.include({ code: 0, stdout: '' })
    expect(result.stderr).to.match(/^Created list "Birthday" \([0-9a-f-]{36}\)\.\n$/)
    expect((await runInProcess(db(), ['-q', '-u', ADA.email, 'lists', 'create', 'Quiet'])).stderr).to.equal('')
  })

  it('exits 4 on a name the user already has, in any case, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    const result = await run(['lists', 'create', 'TO READ'])
    expect(result.code).to.equal(4)
    expect(result.stderr).to.include('already have a list named "TO READ"')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('allows the same name for another user', async () => {
    const result = await runInProcess(db(), ['-u', OCTAVIA.email, 'lists', 'create', 'To read', '--json'])
    expect(result.code).to.equal(0)
    expect(jsonOf(result.stdout).user_id).to.equal(OCTAVIA.id)
  })

  it('exits 2 on an empty name or one that looks like an id, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    expect((await run(['lists', 'create', '  '])).code).to.equal(2)
    expect((await run(['lists', 'create', '11111111-2222-3333-4444-555555555555'])).code).to.equal(2)
    const missing = await run(['lists', 'create'])
    expect(missing.code).to.equal(2)
    expect(missing.stderr).to.include("missing required argument 'NAME'")
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })
})
