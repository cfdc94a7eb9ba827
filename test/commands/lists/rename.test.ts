import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runInProcess } from '../../helpers/run.js'
import { ADA, EVIL, GIFT_IDEAS, OCTAVIA, RAW_CONTROL, TO_READ, jsonOf, snapshot } from '../fixtures.js'

describeEachBackend('wishlist lists rename', (db) => {
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const run = (args: string[]) => runInProcess(db(), ['-u', ADA.email, ...args])
  const nameOf = async (id: string) => (await db().knex('wishlists').where({ id }).first()).name

  it('renames a list named in any case, keeping its books, and prints it as JSON', async () => {
    const result = await run(['lists', 'rename', 'to READ', 'Reading next', '--json'])
    expect(result.code).to.equal(0)
    expect(jsonOf(result.stdout)).to.include({ id: TO_READ, name: 'Reading next', user_id: ADA.id, book_count: 6 })
    expect(await nameOf(TO_READ)).to.equal('Reading next')
  })

  it('renames a list given by id, and confirms on stderr', async () => {
    const result = await run(['lists', 'rename', GIFT_IDEAS, 'Presents'])
    expect(result).to.include({ code: 0, stdout: '' })
    expect(result.stderr).to.equal('Renamed list "Gift ideas" to "Presents".\n')
    expect(await nameOf(GIFT_IDEAS)).to.equal('Presents')
  })

  it('may change only the case of a list’s own name', async () => {
    expect((await run(['lists', 'rename', 'To read', 'TO READ'])).code).to.equal(0)
    expect(await nameOf(TO_READ)).to.equal('TO READ')
  })

  it('exits 3 with a "did you mean" for an unknown list, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    const result = await run(['lists', 'rename', 'To raed', 'X'])
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include('No list "To raed"').and.include('Did you mean "To read"?')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('exits 3 for another user’s list, even by id', async () => {
    const result = await runInProcess(db(), ['-u', OCTAVIA.email, 'lists', 'rename', TO_READ, 'Mine now'])
    expect(result.code).to.equal(3)
    expect(await nameOf(TO_READ)).to.equal('To read')
  })

  it('exits 4 when the new name is another of the user’s lists, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    const result = await run(['lists', 'rename', 'To read', 'gift IDEAS'])
    expect(result.code).to.equal(4)
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('prints a suggested name with escape sequences safely', async () => {
    await db().knex('wishlists').insert({ user_id: ADA.id, name: EVIL })
    const result = await run(['lists', 'rename', 'Evil ]0;pwned [31mred', 'X'])
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include('Did you mean "Evil \\x1b]0;pwned\\x07')
    expect(result.stderr).not.to.match(RAW_CONTROL)
  })
})
