import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { fakePrompter } from '../../helpers/fake-prompter.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { PYTHON_FOR_DUMMIES, jsonOf, snapshot } from '../fixtures.js'

describeEachBackend('wishlist books remove', (db) => {
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const run = (args: string[], options = {}) => runInProcess(db(), ['books', 'remove', ...args], options)
  const exists = async () => (await db().knex('books').where({ id: PYTHON_FOR_DUMMIES.id })).length === 1

  it('exits 2 naming --yes when there is no terminal to confirm on, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    const result = await run([PYTHON_FOR_DUMMIES.isbn])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.include('--yes required when not running interactively')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('deletes with --yes, from the catalogue and every list, and says how many lists held it', async () => {
    const result = await run(['python for dummies', '--yes'])
    expect(result).to.include({ code: 0, stdout: '' })
    expect(result.stderr).to.equal('Deleted "Python for Dummies" from the catalogue; it was on 1 wishlist.\n')
    expect(await exists()).to.equal(false)
    expect(await db().knex('wishlist_entries').where({ book_id: PYTHON_FOR_DUMMIES.id })).to.deep.equal([])
  })

  it('prints the deleted book as JSON', async () => {
    const result = await run([PYTHON_FOR_DUMMIES.id, '--yes', '--json'])
    expect(jsonOf(result.stdout)).to.deep.include({ id: PYTHON_FOR_DUMMIES.id, isbn: PYTHON_FOR_DUMMIES.isbn, wishlist_count: 1 })
  })

  it('on a terminal, asks first, saying on how many lists the book is', async () => {
    const prompter = fakePrompter({ confirm: [true] })
    const result = await run([PYTHON_FOR_DUMMIES.isbn], { tty: true, prompter })
    expect(result.code).to.equal(0)
    expect(prompter.asked).to.deep.equal(['Delete "Python for Dummies" from the catalogue? It is on 1 wishlist.'])
    expect(await exists()).to.equal(false)
  })

  it('on a terminal, deletes nothing when the answer is no (exit 130)', async () => {
    const before = await snapshot(db().knex)
    const result = await run([PYTHON_FOR_DUMMIES.isbn], { tty: true, prompter: fakePrompter({ confirm: [false] }) })
    expect(result.code).to.equal(130)
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('exits 3 for an unknown book and 2 for a malformed ISBN, asking nothing', async () => {
    const prompter = fakePrompter()
    expect((await run(['9780307348135', '--yes'])).code).to.equal(3)
    expect((await run(['9780307348136'], { tty: true, prompter })).code).to.equal(2)
    expect(prompter.asked).to.deep.equal([])
  })

  it('works through the built binary, with pipes', async () => {
    expect((await runBinary(db(), ['books', 'remove', PYTHON_FOR_DUMMIES.isbn])).code).to.equal(2)
    expect(await exists()).to.equal(true)
    expect((await runBinary(db(), ['books', 'remove', PYTHON_FOR_DUMMIES.isbn, '--yes'])).code).to.equal(0)
    expect(await exists()).to.equal(false)
  })
})
