import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { EVIL, PYTHON_FOR_DUMMIES, RAW_CONTROL, jsonOf } from '../fixtures.js'

const BOOK_KEYS = ['id', 'title', 'author', 'isbn', 'publication_date']

describeEachBackend('wishlist books', (db) => {
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const run = (args: string[], options = {}) => runInProcess(db(), args, options)

  it('searches title and author and prints book objects without added_at', async () => {
    const result = await run(['books', 'python dummies', '--json'])
    expect(result.code).to.equal(0)
    const books = jsonOf(result.stdout)
    expect(books).to.have.length(1)
    expect(Object.keys(books[0])).to.deep.equal(BOOK_KEYS)
    expect(books[0]).to.deep.equal({
      id: PYTHON_FOR_DUMMIES.id,
      title: 'Python for Dummies',
      author: 'John Paul Mueller',
      isbn: PYTHON_FOR_DUMMIES.isbn,
      publication_date: '2014-09-01',
    })
  })

  it('lists at most 50 books by default, and --limit N', async () => {
    expect(jsonOf((await run(['books', '--json'])).stdout)).to.have.length(50)
    expect(jsonOf((await run(['books', '--limit', '3', '--json'])).stdout)).to.have.length(3)
  })

  it('exits 2 on a --limit that is not a positive whole number', async () => {
    for (const limit of ['0', '-1', 'ten', '2.5']) {
      const result = await run(['books', '--limit', limit])
      expect(result.code, limit).to.equal(2)
      expect(result.stderr).to.include('--limit must be a positive whole number')
    }
  })

  it('prints one tab-separated line per book when stdout is not a terminal', async () => {
    const result = await run(['books', 'python for dummies'])
    expect(result.stdout).to.equal(
      `${PYTHON_FOR_DUMMIES.id}\tPython for Dummies\tJohn Paul Mueller\t${PYTHON_FOR_DUMMIES.isbn}\t2014-09-01\n`,
    )
  })

  it('prints a table on a terminal', async () => {
    const wide = await run(['books', 'python for dummies'], { tty: true, columns: 160 })
    expect(wide.stdout).to.include('┌').and.include('Title').and.include('Python for Dummies')
    expect(wide.stdout).to.include(PYTHON_FOR_DUMMIES.id)
    // Fitted to a narrower terminal: the id column goes first, then the ISBN, and only
    // then are title and author cut short; no line is wider than the terminal.
    const narrow = await run(['books', 'python for dummies'], { tty: true, columns: 60 })
    expect(narrow.stdout).to.include('Python for Dummies').and.not.include(PYTHON_FOR_DUMMIES.id).and.not.include(PYTHON_FOR_DUMMIES.isbn)
    for (const line of narrow.stdout.trimEnd().split('\n')) expect([...line].length).to.be.at.most(60)
    const narrower = await run(['books', 'python for dummies'], { tty: true, columns: 40 })
    expect(narrower.stdout).to.include('Python fo').and.include('…')
    for (const line of narrower.stdout.trimEnd().split('\n')) expect([...line].length).to.be.at.most(40)
  })

  it('prints nothing on stdout when nothing matches, and exits 0', async () => {
    const result = await run(['books', 'zzzqqq'])
    expect(result).to.include({ code: 0, stdout: '' })
    expect(result.stderr).to.include('No book matches "zzzqqq"')
  })

  it('never prints a title’s escape sequences raw, in a table or in plain lines', async () => {
    await db().knex('books').insert({ title: EVIL, author: 'Mallory' })
    for (const tty of [false, true]) {
      const result = await run(['books', 'mallory'], { tty })
      expect(result.code).to.equal(0)
      expect(result.stdout).to.include('Evil \\x1b]0;pwned\\x07')
      expect(result.stdout).not.to.match(RAW_CONTROL)
    }
    // JSON keeps the exact text: it is data, escaped by JSON itself.
    expect(jsonOf((await run(['books', 'mallory', '--json'])).stdout)[0].title).to.equal(EVIL)
  })

  it('works through the built binary, with pipes', async () => {
    const result = await runBinary(db(), ['books', '--limit', '5'])
    expect(result.code).to.equal(0)
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines).to.have.length(5)
    for (const line of lines) expect(line.split('\t')).to.have.length(5)
  })
})

describe('wishlist books --help', () => {
  it('shows examples for the group and each command, without opening a database', async () => {
    for (const args of [['books'], ...['add', 'show', 'remove'].map((verb) => ['books', verb])]) {
      const result = await runBinary(undefined, [...args, '--help'], { env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } })
      expect(result.code, args.join(' ')).to.equal(0)
      expect(result.stdout).to.include('Examples:\n  wishlist ')
    }
  })
})
