import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { fakePrompter } from '../../helpers/fake-prompter.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { ADA, FRED, OCTAVIA, PYTHON_FOR_DUMMIES, jsonOf, snapshot } from '../fixtures.js'

describeEachBackend('wishlist books remove', (db) => {
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  // Ada owns the one list that holds Python for Dummies ("Gift ideas").
  const run = (args: string[], options = {}) => runInProcess(db(), ['-u', ADA.email, 'books', 'remove', ...args], options)
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

  it('on a terminal, deletes nothing when the answer is no (exit 1, a plain message, not 130)', async () => {
    const before = await snapshot(db().knex)
    const result = await run([PYTHON_FOR_DUMMIES.isbn], { tty: true, prompter: fakePrompter({ confirm: [false] }) })
    expect(result).to.include({ code: 1, stderr: 'Nothing was deleted.\n' })
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
    // No user chosen: Ada's list is another user's.
    expect((await runBinary(db(), ['books', 'remove', PYTHON_FOR_DUMMIES.isbn, '--yes'])).code).to.equal(2)
    expect((await runBinary(db(), ['books', 'remove', PYTHON_FOR_DUMMIES.isbn, '--yes', '--others', '1'])).code).to.equal(0)
    expect(await exists()).to.equal(false)
  })

  describe("on other users' lists", () => {
    beforeEach(async () => {
      // Now on Ada's, Fred's and Octavia's lists.
      for (const user of [FRED.email, OCTAVIA.email]) {
        expect((await runInProcess(db(), ['add', PYTHON_FOR_DUMMIES.isbn, '-u', user])).code).to.equal(0)
      }
    })
    const asOctavia = (args: string[], options = {}) =>
      runInProcess(db(), ['-u', OCTAVIA.email, 'books', 'remove', PYTHON_FOR_DUMMIES.isbn, ...args], options)

    it('refuses plain --yes with exit 2, saying how many of their entries and which flag confirms', async () => {
      const before = await snapshot(db().knex)
      const result = await asOctavia(['--yes'])
      expect(result.code).to.equal(2)
      expect(result.stderr).to.equal(
        'error: "Python for Dummies" is on 2 lists of 2 other users and 1 of yours; --yes alone does not change other users\' data.\n' +
          'Pass --yes --others 2 to confirm (the number of their entries that go).\n',
      )
      expect(await snapshot(db().knex)).to.deep.equal(before)
    })

    it('refuses --others with the wrong number, and deletes with the right one', async () => {
      const before = await snapshot(db().knex)
      const wrong = await asOctavia(['--yes', '--others', '1'])
      expect(wrong.code).to.equal(2)
      expect(wrong.stderr).to.include('--others 1 does not match').and.include('Nothing was changed')
      expect(await snapshot(db().knex)).to.deep.equal(before)
      const right = await asOctavia(['--yes', '--others', '2', '--json'])
      expect(right.code, right.stderr).to.equal(0)
      expect(jsonOf(right.stdout)).to.include({ wishlist_count: 3, other_user_entries: 2 })
      expect(await exists()).to.equal(false)
    })

    it('on a terminal, the confirmation says it is on other users\' lists', async () => {
      const prompter = fakePrompter({ confirm: [false] })
      expect((await asOctavia([], { tty: true, prompter })).code).to.equal(1)
      expect(prompter.asked).to.deep.equal([
        'Delete "Python for Dummies" from the catalogue? It is on 2 lists of 2 other users and 1 of yours.',
      ])
      expect(await exists()).to.equal(true)
    })

    it('with no user chosen, every list is another user\'s', async () => {
      const result = await runInProcess(db(), ['books', 'remove', PYTHON_FOR_DUMMIES.isbn, '--yes'])
      expect(result.code).to.equal(2)
      expect(result.stderr).to.include('on 3 lists of 3 other users').and.include('--others 3')
    })
  })
})
