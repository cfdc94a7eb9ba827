import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { jsonOf, snapshot } from '../fixtures.js'

describeEachBackend('wishlist books add', (db) => {
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const run = (args: string[]) => runInProcess(db(), ['books', 'add', ...args])

  it('adds a book, storing an ISBN-10 with hyphens as 13 digits, and prints it as JSON', async () => {
    const result = await run(['--title', 'Kindred', '--author', 'Octavia E. Butler', '--isbn', '0-8070-8369-0', '--published', '2004-02-01', '--json'])
    expect(result.code).to.equal(0)
    const book = jsonOf(result.stdout)
    expect(Object.keys(book)).to.deep.equal(['id', 'title', 'author', 'isbn', 'publication_date'])
    expect(book).to.include({ title: 'Kindred', author: 'Octavia E. Butler', isbn: '9780807083697', publication_date: '2004-02-01' })
    const row = await db().knex('books').where({ id: book.id }).first()
    expect(row).to.include({ isbn: '9780807083697', publication_date: '2004-02-01' })
  })

  it('exits 4 naming the book when one with that title and author (case and spacing aside) is there', async () => {
    const first = await run(['--title', 'Parable of the Sower', '--author', 'Octavia E. Butler', '--json'])
    expect(first.code, first.stderr).to.equal(0)
    const { id } = jsonOf(first.stdout)
    const before = await snapshot(db().knex)
    const again = await runBinary(db(), ['books', 'add', '--title', ' parable of the  SOWER', '--author', 'Octavia E.Butler'])
    expect(again.code).to.equal(4)
    expect(again.stderr).to.include(id).and.include('already in the catalogue')
    expect(again.stderr.trim().split('\n')).to.have.length.at.most(2)
    expect(await snapshot(db().knex)).to.deep.equal(before)
    // Another author, or an ISBN (another edition), is another book.
    expect((await run(['--title', 'Parable of the Sower', '--author', 'Someone Else'])).code).to.equal(0)
    expect((await run(['--title', 'Parable of the Sower', '--author', 'Octavia E. Butler', '--isbn', '9781538732182'])).code).to.equal(0)
  })

  it('takes an X check digit, spaces, and a leap day', async () => {
    const result = await run(['--title', 'Jurassic Park', '--isbn', '0 307 34813 x', '--published', '1992-02-29', '--json'])
    expect(result.code).to.equal(0)
    expect(jsonOf(result.stdout)).to.include({ isbn: '9780307348135', publication_date: '1992-02-29' })
  })

  it('needs only a title, and confirms on stderr', async () => {
    const result = await run(['--title', 'A zine'])
    expect(result).to.include({ code: 0, stdout: '' })
    expect(result.stderr).to.match(/^Added "A zine" to the catalogue \([0-9a-f-]{36}\)\.\n$/)
    const row = await db().knex('books').where({ title: 'A zine' }).first()
    expect(row).to.include({ author: null, isbn: null, publication_date: null })
  })

  it('exits 2 on an ISBN with a wrong check digit, or not an ISBN at all, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    for (const isbn of ['0-8070-8369-1', '9780807083690', '12345', 'abc']) {
      const result = await run(['--title', 'Kindred', '--isbn', isbn])
      expect(result.code, isbn).to.equal(2)
      expect(result.stderr).to.include('not a valid ISBN')
    }
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('exits 2 on a date that is not a real YYYY-MM-DD day, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    for (const date of ['2023-02-29', '2023-13-01', '2023-04-31', '0000-01-01', '23-01-01', '2023/01/01', 'soon']) {
      const result = await run(['--title', 'Kindred', '--published', date])
      expect(result.code, date).to.equal(2)
      expect(result.stderr).to.include('YYYY-MM-DD')
    }
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('exits 2 without a title or with an empty one', async () => {
    const missing = await run(['--author', 'Nobody'])
    expect(missing.code).to.equal(2)
    expect(missing.stderr).to.include('--title is required, unless --isbn is given')
    expect((await run(['--title', '   '])).code).to.equal(2)
  })

  it('exits 4 on an ISBN already in the catalogue, even typed as ISBN-10, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    // Python for Dummies is 9781118891452, whose ISBN-10 is 1118891457.
    const result = await run(['--title', 'Python for Dummies again', '--isbn', '1-118-89145-7'])
    expect(result.code).to.equal(4)
    expect(result.stderr).to.include('9781118891452 already exists')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('works through the built binary: exit 2 on a bad ISBN, 0 on a good one', async () => {
    expect((await runBinary(db(), ['books', 'add', '--title', 'Ready Player One', '--isbn', '030788743Y'])).code).to.equal(2)
    const ok = await runBinary(db(), ['books', 'add', '--title', 'Ready Player One', '--isbn', '030788743X', '--json'])
    expect(ok.code).to.equal(0)
    expect(jsonOf(ok.stdout).isbn).to.equal('9780307887436')
  })
})
