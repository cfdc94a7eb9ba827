import { expect } from 'chai'
import { describeError } from '../../../src/output/error-messages.js'
import { moveEntry } from '../../../src/store/entries.js'
import { findList } from '../../../src/store/wishlists.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { ADA, ADA_EMAIL, TO_READ, bookIdByIsbn, elsewhere, onToRead, seeded } from './fixtures.js'

describeEachBackend('manual order, priority and notes', (db) => {
  beforeEach(() => seeded(db()))
  const ada = ['--user', ADA_EMAIL]
  const run = (...args: string[]) => runInProcess(db(), [...args, ...ada])

  /** The titles of "To read" in manual order, from the table itself. */
  async function order(listId = TO_READ): Promise<string[]> {
    return db()
      .knex('wishlist_entries as e')
      .join('books as b', 'b.id', 'e.book_id')
      .where('e.wishlist_id', listId)
      .orderBy('e.position')
      .pluck('b.title')
  }
  /** Every position of the list is distinct and there is one per entry. */
  async function expectValidOrder(listId = TO_READ, entries?: number) {
    const rows = await db().knex('wishlist_entries').where({ wishlist_id: listId }).select('position', 'book_id')
    const positions = rows.map((row) => Number(row.position))
    expect(new Set(positions).size).to.equal(rows.length)
    if (entries !== undefined) expect(rows).to.have.length(entries)
  }
  const titles = onToRead.map((book) => book.title)

  it('the seeded entries are in added order; show lists them by position, numbered from 1', async () => {
    expect(await order()).to.deep.equal(titles)
    const shown = JSON.parse((await run('show', '--json')).stdout)
    expect(shown.books.map((book: { title: string }) => book.title)).to.deep.equal(titles)
    expect(shown.books.map((book: { position: number }) => book.position)).to.deep.equal([1, 2, 3, 4, 5, 6])
    for (const book of shown.books) {
      expect(Object.keys(book)).to.deep.equal(['id', 'title', 'author', 'isbn', 'publication_date', 'added_at', 'position', 'priority', 'note'])
      expect(book).to.include({ priority: 'normal', note: null })
    }
  })

  it('add puts new books at the end, in the order given; --top at the start', async () => {
    const [a, b, c, d] = elsewhere
    expect((await run('add', a!.isbn, b!.isbn)).code).to.equal(0)
    expect(await order()).to.deep.equal([...titles, a!.title, b!.title])
    const top = await run('add', c!.isbn, d!.isbn, '--top')
    expect(top.code, top.stderr).to.equal(0)
    expect(await order()).to.deep.equal([c!.title, d!.title, ...titles, a!.title, b!.title])
    await expectValidOrder(TO_READ, 10)
  })

  it('add --priority and --note set them on new books, and update a book already there ("added": false)', async () => {
    const [a] = elsewhere
    const added = await run('add', a!.isbn, '--priority', 'high', '--note', 'the 1998 edition', '--json')
    expect(added.code, added.stderr).to.equal(0)
    expect(JSON.parse(added.stdout)[0]).to.include({ added: true, updated: false })
    const first = onToRead[0]!
    const updated = await run('add', first.isbn, '--priority', 'low', '--note', 'maybe later', '--json')
    expect(updated.code, updated.stderr).to.equal(0)
    expect(JSON.parse(updated.stdout)[0]).to.include({ added: false, updated: true })
    expect(updated.stderr).to.include(`Updated "${first.title}" on To read`)
    const plain = await run('add', first.isbn)
    expect(plain.stderr).to.include(`"${first.title}" is already on To read.`)
    const books = JSON.parse((await run('show', '--json')).stdout).books
    expect(books.find((book: { isbn: string }) => book.isbn === a!.isbn)).to.include({ priority: 'high', note: 'the 1998 edition', position: 7 })
    expect(books.find((book: { isbn: string }) => book.isbn === first.isbn)).to.include({ priority: 'low', note: 'maybe later', position: 1 })
  })

  it('refuses a bad note or priority with exit 2, changing nothing', async () => {
    const before = await db().knex('wishlist_entries').orderBy(['wishlist_id', 'book_id'])
    const cases: [string[], RegExp][] = [
      [['add', elsewhere[0]!.isbn, '--note', 'two\nlines'], /one line/],
      [['add', elsewhere[0]!.isbn, '--note', 'bell\u0007'], /control characters/],
      [['add', elsewhere[0]!.isbn, '--note', 'x'.repeat(501)], /longer than 500/],
      [['edit', onToRead[0]!.isbn, '--note', '   '], /cannot be empty/],
      [['add', elsewhere[0]!.isbn, '--priority', 'urgent'], /priority/],
      [['edit', onToRead[0]!.isbn], /Nothing to change/],
    ]
    for (const [args, message] of cases) {
      const result = await run(...args)
      expect(result.code, args.join(' ')).to.equal(2)
      expect(result.stderr).to.match(message)
      expect(result.stderr.trimEnd().split('\n').length).to.be.at.most(3)
    }
    expect(await db().knex('wishlist_entries').orderBy(['wishlist_id', 'book_id'])).to.deep.equal(before)
    const ok = await run('add', elsewhere[0]!.isbn, '--note', 'x'.repeat(500))
    expect(ok.code, ok.stderr).to.equal(0)
  })

  it('move --top, --bottom, --before, --after and --to N', async () => {
    const [t1, t2, t3, t4, t5, t6] = titles
    const isbn = (index: number) => onToRead[index]!.isbn
    let result = await run('move', isbn(3), '--top', '--json')
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.deep.include({ position: 1, moved: true })
    expect(await order()).to.deep.equal([t4, t1, t2, t3, t5, t6])
    expect((await run('move', isbn(3), '--bottom')).code).to.equal(0)
    expect(await order()).to.deep.equal([t1, t2, t3, t5, t6, t4])
    expect((await run('move', isbn(0), '--before', isbn(5))).code).to.equal(0)
    expect(await order()).to.deep.equal([t2, t3, t5, t1, t6, t4])
    expect((await run('move', isbn(1), '--after', isbn(3))).code).to.equal(0)
    expect(await order()).to.deep.equal([t3, t5, t1, t6, t4, t2])
    result = await run('move', isbn(1), '--to', '2', '--json')
    expect(JSON.parse(result.stdout)).to.deep.include({ position: 2 })
    expect(await order()).to.deep.equal([t3, t2, t5, t1, t6, t4])
    expect((await run('move', isbn(1), '--to', '99')).code).to.equal(0)
    expect(await order()).to.deep.equal([t3, t5, t1, t6, t4, t2])
    const again = await run('move', isbn(1), '--bottom', '--json')
    expect(JSON.parse(again.stdout)).to.deep.include({ position: 6, moved: false })
    expect(again.stderr).to.include('already at position 6 of 6')
    await expectValidOrder(TO_READ, 6)
  })

  it('move fails clearly: no place or two (exit 2), a book not on the list (exit 3), before itself (exit 2)', async () => {
    const before = await order()
    const cases: [string[], number, RegExp][] = [
      [['move', onToRead[0]!.isbn], 2, /Say where to move it/],
      [['move', onToRead[0]!.isbn, '--top', '--bottom'], 2, /only one of/],
      [['move', elsewhere[0]!.isbn, '--top'], 3, /is not on To read/],
      [['move', onToRead[0]!.isbn, '--before', elsewhere[0]!.isbn], 3, /is not on To read/],
      [['move', onToRead[0]!.isbn, '--after', onToRead[0]!.isbn], 2, /itself/],
      [['move', onToRead[0]!.isbn, '--to', '0'], 2, /--to/],
      [['move', onToRead[0]!.isbn, '--top', '-l', 'Nope'], 3, /No list "Nope"/],
    ]
    for (const [args, code, message] of cases) {
      const result = await run(...args)
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(code)
      expect(result.stderr).to.match(message)
    }
    expect(await order()).to.deep.equal(before)
  })

  it('many moves to one place renumber locally and keep a valid order (checked against a model)', async () => {
    const list = (await findList(db().knex, ADA, TO_READ))!
    const books = await Promise.all(onToRead.map(async (book) => ({ id: await bookIdByIsbn(db().knex, book.isbn), title: book.title })))
    const model = [...books]
    // Always into second place, alternating the last two books: each move halves the gap
    // between the first two keys, so the 17th needs a renumbering.
    for (let round = 0; round < 40; round++) {
      const book = model[model.length - 1 - (round % 2)]!
      await db().knex.transaction((trx) => moveEntry(trx, list, book, { to: 2 }))
      model.splice(model.indexOf(book), 1)
      model.splice(1, 0, book)
      expect(await order(), `round ${round}`).to.deep.equal(model.map((b) => b.title))
    }
    await expectValidOrder(TO_READ, 6)
    // The renumbering touched only the neighbourhood: the last entry kept its key.
    const keys = (await db().knex('wishlist_entries').where({ wishlist_id: TO_READ }).orderBy('position').pluck('position')).map(Number)
    expect(keys.at(-1)).to.be.lessThan(7 * 65536)
  })

  it('two concurrent moves of one list queue on its row: both succeed, the order stays valid', async () => {
    const list = (await findList(db().knex, ADA, TO_READ))!
    const [a, b] = await Promise.all(
      [onToRead[4]!, onToRead[5]!].map(async (book) => ({ id: await bookIdByIsbn(db().knex, book.isbn), title: book.title })),
    )
    const first = await db().knex.transaction()
    await moveEntry(first, list, a!, { top: true })
    // The second waits for the first's lock, then sees the order it left.
    let secondDone = false
    const second = db()
      .knex.transaction((trx) => moveEntry(trx, list, b!, { top: true }))
      .then((result) => {
        secondDone = true
        return result
      })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(secondDone).to.equal(false)
    await first.commit()
    expect((await second).position).to.equal(1)
    expect((await order()).slice(0, 2)).to.deep.equal([b!.title, a!.title])
    await expectValidOrder(TO_READ, 6)
  })

  it('concurrent move and add commands (separate processes) all succeed and leave one place each', async () => {
    const results = await Promise.all([
      runBinary(db(), ['move', onToRead[5]!.isbn, '--top', ...ada]),
      runBinary(db(), ['move', onToRead[4]!.isbn, '--top', ...ada]),
      runBinary(db(), ['move', onToRead[3]!.isbn, '--to', '2', ...ada]),
      runBinary(db(), ['add', elsewhere[0]!.isbn, '--top', ...ada]),
      runBinary(db(), ['add', elsewhere[1]!.isbn, ...ada]),
    ])
    for (const result of results) expect(result.code, result.stderr).to.equal(0)
    await expectValidOrder(TO_READ, 8)
  })

  it('edit sets the priority and the note, and --no-note removes it', async () => {
    const book = onToRead[2]!
    let result = await run('edit', book.isbn, '--priority', 'high', '--note', 'signed copy', '--json')
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.include({ priority: 'high', note: 'signed copy', position: 3 })
    result = await run('edit', book.isbn, '--no-note', '--json')
    expect(JSON.parse(result.stdout)).to.include({ priority: 'high', note: null })
    result = await run('edit', elsewhere[0]!.isbn, '--priority', 'low')
    expect(result.code).to.equal(3)
    expect(result.stderr).to.match(/is not on To read/)
  })

  it('show --sort priority|title|author|added|published and --reverse', async () => {
    const knex = db().knex
    const ids = await knex('books').insert([
      { title: 'The Zebra Book', author: 'Ann Young, Bob Old' },
      { title: 'An Apple', author: 'Carl Middle' },
      { title: 'Mango', author: 'Zed Alpha', author_sort: 'Aardvark, Zed' },
    ]).returning('id')
    const list = await knex('wishlists').insert({ user_id: ADA, name: 'Sorting' }).returning('id')
    const listId = list[0].id
    for (const [index, { id }] of ids.entries()) {
      await knex('wishlist_entries').insert({ wishlist_id: listId, user_id: ADA, book_id: id, added_at: new Date(Date.UTC(2020, 0, 3 - index)) })
    }
    await knex('books').where({ id: ids[1].id }).update({ publication_date: '1999-01-01' })
    await knex('books').where({ id: ids[2].id }).update({ publication_date: '2001-01-01' })
    await knex('wishlist_entries').where({ book_id: ids[2].id }).update({ priority: 'high' })
    await knex('wishlist_entries').where({ book_id: ids[0].id }).update({ priority: 'low' })
    const sorted = async (...args: string[]) =>
      JSON.parse((await run('show', 'Sorting', '--json', ...args)).stdout).books.map((book: { title: string }) => book.title)
    expect(await sorted()).to.deep.equal(['The Zebra Book', 'An Apple', 'Mango'])
    expect(await sorted('--reverse')).to.deep.equal(['Mango', 'An Apple', 'The Zebra Book'])
    expect(await sorted('--sort', 'priority')).to.deep.equal(['Mango', 'An Apple', 'The Zebra Book'])
    // "An Apple" < "Mango" < "Zebra Book": the article is ignored.
    expect(await sorted('--sort', 'title')).to.deep.equal(['An Apple', 'Mango', 'The Zebra Book'])
    // Surnames: Aardvark (sort form), Middle, Young (first author's last word).
    expect(await sorted('--sort', 'author')).to.deep.equal(['Mango', 'An Apple', 'The Zebra Book'])
    expect(await sorted('--sort', 'author', '--reverse')).to.deep.equal(['The Zebra Book', 'An Apple', 'Mango'])
    expect(await sorted('--sort', 'added')).to.deep.equal(['Mango', 'An Apple', 'The Zebra Book'])
    // No date last, either way.
    expect(await sorted('--sort', 'published')).to.deep.equal(['An Apple', 'Mango', 'The Zebra Book'])
    expect(await sorted('--sort', 'published', '--reverse')).to.deep.equal(['Mango', 'An Apple', 'The Zebra Book'])
  })

  it('plain lines keep the six columns first and append position, priority and the whole note', async () => {
    const note = `a long note ${'x'.repeat(300)}`
    await run('edit', onToRead[1]!.isbn, '--priority', 'high', '--note', note)
    const lines = (await run('show')).stdout.split('\n').filter((line) => line !== '').map((line) => line.split('\t'))
    expect(lines).to.have.length(6)
    for (const [index, cells] of lines.entries()) {
      expect(cells).to.have.length(9)
      expect(cells[1]).to.equal(titles[index])
      expect(cells[6]).to.equal(String(index + 1))
    }
    expect(lines[1]!.slice(7)).to.deep.equal(['high', note])
    expect(lines[0]!.slice(7)).to.deep.equal(['normal', ''])
  })

  it('the table shows the position, marks high priority and cuts a long note to fit', async () => {
    const note = `keep for the trip ${'y'.repeat(300)}`
    await run('edit', onToRead[1]!.isbn, '--priority', 'high', '--note', note)
    const result = await run('show', '--no-color')
    const table = (await runInProcess(db(), ['show', ...ada], { tty: true, columns: 120 })).stdout
    expect(result.code).to.equal(0)
    const rows = table.split('\n')
    for (const row of rows) expect(row.length).to.be.at.most(120)
    expect(table).to.match(/│\s*#\s*│/)
    expect(rows.find((row) => row.includes(titles[1]!.slice(0, 10)))).to.match(/│\s*2 !\s*│/)
    expect(table).to.include('keep for the trip')
    expect(table).to.not.include('y'.repeat(300))
  })

  it('import appends the books of a file at the end of the list, in file order', async () => {
    const csv = 'title,author\nZeta Book,Some One\nAlpha Book,Some One\nMid Book,Some One\n'
    const result = await runInProcess(db(), ['import', '-', '--format', 'csv', ...ada], { stdin: csv })
    expect(result.code, result.stderr).to.equal(0)
    expect(await order()).to.deep.equal([...titles, 'Zeta Book', 'Alpha Book', 'Mid Book'])
    await expectValidOrder(TO_READ, 9)
  })

  it('a move on a list deleted meanwhile is not found, and changes nothing', async () => {
    const list = (await findList(db().knex, ADA, TO_READ))!
    const book = { id: await bookIdByIsbn(db().knex, onToRead[0]!.isbn), title: onToRead[0]!.title }
    await db().knex('wishlists').where({ id: TO_READ }).del()
    const error = await db()
      .knex.transaction((trx) => moveEntry(trx, list, book, { top: true }))
      .then(() => undefined, (caught: unknown) => caught)
    expect(describeError(error).message).to.match(/The list "To read" no longer exists/)
  })

  it('an entry inserted without a position goes to the end (the column has a default)', async () => {
    const id = await bookIdByIsbn(db().knex, elsewhere[0]!.isbn)
    await db().knex('wishlist_entries').insert({ wishlist_id: TO_READ, user_id: ADA, book_id: id })
    expect((await order()).at(-1)).to.equal(elsewhere[0]!.title)
    await expectValidOrder(TO_READ, 7)
  })
})
