import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { fakePrompter } from '../../helpers/fake-prompter.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { ADA, TO_READ, jsonOf, snapshot } from '../fixtures.js'

describeEachBackend('wishlist lists delete', (db) => {
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const run = (args: string[], options = {}) => runInProcess(db(), ['-u', ADA.email, ...args], options)
  const exists = async () => (await db().knex('wishlists').where({ id: TO_READ })).length === 1

  it('exits 2 naming --yes when there is no terminal to confirm on, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    const result = await run(['lists', 'delete', 'To read'])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.include('--yes required when not running interactively')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('deletes with --yes, says how many books were on it, and keeps the books', async () => {
    const books = await db().knex('books').count({ count: '*' })
    const result = await run(['lists', 'delete', 'to read', '--yes'])
    expect(result).to.include({ code: 0, stdout: '' })
    expect(result.stderr).to.include('Deleted list "To read"').and.include('6 books')
    expect(await exists()).to.equal(false)
    expect(await db().knex('wishlist_entries').where({ wishlist_id: TO_READ })).to.deep.equal([])
    expect(await db().knex('books').count({ count: '*' })).to.deep.equal(books)
  })

  it('prints the deleted list as JSON', async () => {
    const result = await run(['lists', 'delete', TO_READ, '--yes', '--json'])
    expect(jsonOf(result.stdout)).to.include({ id: TO_READ, name: 'To read', book_count: 6 })
  })

  it('on a terminal, deletes once the list’s name is typed (any case)', async () => {
    const prompter = fakePrompter({ input: ['to READ'] })
    const result = await run(['lists', 'delete', 'To read'], { tty: true, prompter })
    expect(result.code).to.equal(0)
    expect(prompter.asked).to.have.length(1)
    expect(prompter.asked[0]).to.equal('Delete list "To read" and its 6 entries? The books stay in the catalogue. Type its name to confirm:')
    expect(await exists()).to.equal(false)
  })

  it('on a terminal, deletes nothing when another name is typed (exit 1, a plain message, not 130)', async () => {
    const before = await snapshot(db().knex)
    const result = await run(['lists', 'delete', 'To read'], { tty: true, prompter: fakePrompter({ input: ['Gift ideas'] }) })
    expect(result).to.include({ code: 1, stderr: '"Gift ideas" is not the list\'s name; nothing was deleted.\n' })
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('never asks with --no-input: exits 2 naming --yes', async () => {
    const prompter = fakePrompter()
    const result = await run(['--no-input', 'lists', 'delete', 'To read'], { tty: true, prompter })
    expect(result.code).to.equal(2)
    expect(prompter.asked).to.deep.equal([])
    expect(await exists()).to.equal(true)
  })

  it('exits 3 with a "did you mean" for an unknown list, before asking anything', async () => {
    const prompter = fakePrompter()
    const result = await run(['lists', 'delete', 'Gift idaes'], { tty: true, prompter })
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include('Did you mean "Gift ideas"?')
    expect(prompter.asked).to.deep.equal([])
  })

  it('works through the built binary: exit 2 without --yes, then deletes with it', async () => {
    const refused = await runBinary(db(), ['-u', ADA.email, 'lists', 'delete', 'To read'])
    expect(refused.code).to.equal(2)
    expect(await exists()).to.equal(true)
    const done = await runBinary(db(), ['-u', ADA.email, 'lists', 'delete', 'To read', '--yes'])
    expect(done.code).to.equal(0)
    expect(await exists()).to.equal(false)
  })
})
