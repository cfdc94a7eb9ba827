import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import {
  AS_READER,
  BROKEN_ROWS,
  GOODREADS_2020,
  STORYGRAPH,
  emptyWithReader,
  goodreadsExpectations,
  itWithShared,
  snapshot,
} from './helpers.js'

const expected = goodreadsExpectations()

describe('the Goodreads fixture', () => {
  itWithShared('has the shelves its README states', () => {
    expect(expected.total).to.equal(1197)
    expect(expected.toRead).to.have.length(277)
  })
})

describeEachBackend('wishlist import', (db) => {
  let userId: string
  beforeEach(async () => {
    userId = await emptyWithReader(db())
  })

  itWithShared('imports the to-read shelf of a real Goodreads export, counted from the file', async () => {
    const result = await runInProcess(db(), ['import', GOODREADS_2020, ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const summary = JSON.parse(result.stdout)
    expect(summary).to.include({
      books_created: expected.toRead.length,
      books_matched: 0,
      entries_added: expected.toRead.length,
      entries_existing: 0,
      other_shelves: expected.total - expected.toRead.length,
    })
    expect(summary.skipped).to.deep.equal([])
    // Invalid ISBNs are reported, and the book still comes in without one.
    expect(summary.warnings).to.have.length(expected.invalidIsbn.length).and.length.greaterThan(0)
    const { knex } = db()
    const withoutIsbn = await knex('books').whereNull('isbn').count({ n: '*' }).first()
    expect(Number(withoutIsbn!.n)).to.equal(expected.noIsbn.length + expected.invalidIsbn.length)
    const [list] = await knex('wishlists').where({ user_id: userId })
    expect(list.name).to.equal('Wishlist')
    // ="..." unwrapped, ISBN-13 kept, Additional Authors appended, a year kept as a year.
    const carr = await knex('books').where('title', 'like', 'It Walks by Night: A Paris Mystery%').first()
    expect(carr).to.include({ author: 'John Dickson Carr, Martin Edwards', isbn: null, publication_date: '2020' })
    const due = await knex('books').where({ isbn: '9780061053665' }).first()
    expect(due).to.include({ title: 'My Soul to Keep (African Immortals, #1)', author: 'Tananarive Due' })
  })

  itWithShared('matches everything the second time, and counts entries already on the list', async () => {
    await runInProcess(db(), ['import', GOODREADS_2020, ...AS_READER])
    const before = await snapshot(db().knex)
    const result = await runInProcess(db(), ['import', GOODREADS_2020, ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.include({
      books_created: 0,
      books_matched: expected.toRead.length,
      entries_added: 0,
      entries_existing: expected.toRead.length,
    })
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  itWithShared('imports another shelf with --shelf, into a list made with --create', async () => {
    const result = await runInProcess(db(), ['import', GOODREADS_2020, '--shelf', 'currently-reading', '-l', 'Now', '--create', ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const reading = goodreadsExpectations('currently-reading').toRead.length
    expect(reading).to.be.greaterThan(0)
    expect(JSON.parse(result.stdout).entries_added).to.equal(reading)
    expect(await db().knex('wishlists').where({ user_id: userId }).pluck('name')).to.deep.equal(['Now'])
  })

  it('imports a StoryGraph export: to-read rows, ISBN-10 normalised, UIDs not taken for ISBNs', async () => {
    const result = await runInProcess(db(), ['import', STORYGRAPH, ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const summary = JSON.parse(result.stdout)
    expect(summary).to.include({ books_created: 6, books_matched: 0, entries_added: 6, other_shelves: 2 })
    expect(summary.warnings).to.deep.equal([{ line: 7, reason: 'ISBN "9780679721810" is not valid; imported without it' }])
    const books = await db().knex('books').orderBy('title').select('title', 'author', 'isbn')
    expect(books).to.deep.equal([
      { title: 'Dawn', author: 'Octavia E. Butler', isbn: '9780446603775' },
      { title: 'Good Omens', author: 'Terry Pratchett, Neil Gaiman', isbn: null },
      { title: 'Kindred', author: 'Octavia E. Butler', isbn: null },
      { title: 'Mama Day', author: 'Gloria Naylor', isbn: null },
      { title: 'Skin Folk', author: 'Nalo Hopkinson', isbn: '9780446678032' },
      { title: 'The Between', author: 'Tananarive Due', isbn: '9780060819842' },
    ])
  })

  itWithShared('then matches the same books in Goodreads by ISBN, or by title and author when one side has no ISBN', async () => {
    await runInProcess(db(), ['import', STORYGRAPH, ...AS_READER])
    const result = await runInProcess(db(), ['import', GOODREADS_2020, ...AS_READER, '--json'])
    const summary = JSON.parse(result.stdout)
    // Dawn, Skin Folk, The Between by ISBN; Mama Day by title and author.
    expect(summary.books_matched).to.equal(4)
    expect(summary.entries_existing).to.equal(4)
    expect(summary.books_created).to.equal(expected.toRead.length - 4)
    const mamaDay = await db().knex('books').where({ title: 'Mama Day' })
    expect(mamaDay).to.have.length(1)
  })

  it('skips broken rows with their line numbers and imports the rest', async () => {
    const result = await runInProcess(db(), ['import', BROKEN_ROWS, ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const summary = JSON.parse(result.stdout)
    expect(summary.skipped.map((skip: { line: number }) => skip.line)).to.deep.equal([3, 4, 6, 9])
    expect(summary.skipped[0]).to.deep.equal({ line: 3, reason: 'no title' })
    expect(summary.skipped[1]).to.deep.equal({ line: 4, reason: 'has 5 fields, the header has 4' })
    expect(summary.warnings).to.deep.equal([
      { line: 5, reason: 'publication date "2020-02-30" is not a date (YYYY, YYYY-MM or YYYY-MM-DD); imported without it' },
    ])
    expect(await db().knex('books').orderBy('title').pluck('title')).to.deep.equal(['Dune', 'Parable of the Sower', 'Quoted, with a comma'])
    const text = await runInProcess(db(), ['import', BROKEN_ROWS, ...AS_READER])
    expect(text.stderr).to.include('line 3 skipped: no title')
    expect(text.stdout).to.equal('')
  })

  it('matches by title and author ignoring case and spacing, and never duplicates within the file', async () => {
    const { knex } = db()
    await knex('books').insert({ title: 'The Left Hand of  Darkness', author: 'Ursula K. Le Guin' })
    const csv = [
      'title,author,isbn',
      'the left hand of darkness,URSULA K.  LE GUIN,',
      'Lilith\'s Brood,Octavia E. Butler,9780446676106',
      'Lilith’s Brood (omnibus),Octavia Butler,978-0-446-67610-6',
      'lilith\'s  brood,octavia e. butler,',
      'Wild Seed,Octavia E. Butler,',
      'WILD SEED,Octavia E. Butler,',
    ].join('\n')
    const result = await runInProcess(db(), ['import', '-', ...AS_READER, '--json'], { stdin: csv })
    expect(result.code, result.stderr).to.equal(0)
    const summary = JSON.parse(result.stdout)
    expect(summary).to.include({ books_created: 2, books_matched: 1, entries_added: 3 })
    expect(summary.skipped).to.deep.equal([
      { line: 4, reason: 'same book as line 3' },
      { line: 5, reason: 'same book as line 3' },
      { line: 7, reason: 'same book as line 6' },
    ])
    expect(await knex('books').count({ n: '*' }).first().then((row) => Number(row!.n))).to.equal(3)
  })

  it('gives a row without an ISBN the oldest of several books with its title and author', async () => {
    const { knex } = db()
    const [newer, older] = await knex('books')
      .insert([
        { title: 'Kindred', author: 'Octavia E. Butler', isbn: '9780807083697', created_at: new Date('2024-01-01T00:00:00Z') },
        { title: 'Kindred', author: 'Octavia E. Butler', isbn: '9780807083369', created_at: new Date('2020-01-01T00:00:00Z') },
      ])
      .returning('id')
    const result = await runInProcess(db(), ['import', '-', ...AS_READER, '--json'], { stdin: 'title,author,isbn\nkindred,Octavia E. Butler,\n' })
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.include({ books_created: 0, books_matched: 1, entries_added: 1 })
    const entries = await knex('wishlist_entries').select('book_id')
    expect(entries).to.deep.equal([{ book_id: older.id }])
    expect(newer.id).to.not.equal(older.id)
  })

  it('gives a row with neither ISBN nor author the one book with its title, and only when there is one', async () => {
    const { knex } = db()
    const [kindred] = await knex('books')
      .insert([
        { title: 'Kindred', author: 'Octavia E. Butler' },
        { title: 'Dune', author: 'Frank Herbert' },
        { title: 'Dune', author: 'Someone Else' },
      ])
      .returning('id')
    const csv = 'title,author,isbn\nKINDRED,,\nDune,,\n'
    const result = await runInProcess(db(), ['import', '-', ...AS_READER, '--json'], { stdin: csv })
    expect(result.code, result.stderr).to.equal(0)
    // Kindred is the catalogue's one Kindred; two books are called Dune, so that row is a new book.
    expect(JSON.parse(result.stdout)).to.include({ books_created: 1, books_matched: 1, entries_added: 2 })
    expect(await knex('wishlist_entries').pluck('book_id')).to.include(kindred.id)
    expect(await knex('books').count({ n: '*' }).first().then((row) => Number(row!.n))).to.equal(4)
  })

  itWithShared('--dry-run reports the exact counts and writes nothing, not even the default list', async () => {
    const before = await snapshot(db().knex)
    const result = await runInProcess(db(), ['import', GOODREADS_2020, ...AS_READER, '--dry-run', '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.include({ books_created: expected.toRead.length, entries_added: expected.toRead.length, dry_run: true })
    expect(await snapshot(db().knex)).to.deep.equal(before)
    const text = await runInProcess(db(), ['import', STORYGRAPH, ...AS_READER, '--dry-run'])
    expect(text.stderr).to.include('Would import').and.include('Dry run: nothing was written.')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('fails with exit 2 and writes nothing for a file it cannot read at all', async () => {
    const before = await snapshot(db().knex)
    const cases = [
      { stdin: 'name;colour\nDune;red\n', message: 'Cannot tell the format' },
      { stdin: '[{"title": "Dune"', message: 'not valid JSON' },
      { stdin: '{"wishlist": 1}', message: 'no array of books' },
      { stdin: '', message: 'is empty' },
    ]
    for (const { stdin, message } of cases) {
      const result = await runInProcess(db(), ['import', '-', ...AS_READER], { stdin })
      expect(result.code, stdin).to.equal(2)
      expect(result.stderr).to.include(message)
    }
    expect((await runInProcess(db(), ['import', '-', '--format', 'csv', '--shelf', 'x', ...AS_READER], { stdin: 'title\nA\n' })).code).to.equal(2)
    expect((await runInProcess(db(), ['import', '-', '--format', 'xml', ...AS_READER], { stdin: 'title\nA\n' })).code).to.equal(2)
    const missing = await runInProcess(db(), ['import', 'no-such-file.csv', ...AS_READER])
    expect(missing.code).to.equal(2)
    expect(missing.stderr).to.equal('error: No such file: no-such-file.csv.\n')
    const empty = await runInProcess(db(), ['import', '', ...AS_READER])
    expect(empty.code).to.equal(2)
    expect(empty.stderr).to.equal('error: FILE is empty: name a file, or - for standard input.\n')
    expect((await runInProcess(db(), ['import', STORYGRAPH, '-l', 'Missing', ...AS_READER])).code).to.equal(3)
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('reads JSON as `books --json` and `show --json` print it', async () => {
    const books = [
      { id: 'x', title: 'Dune', author: 'Frank Herbert', isbn: '9780441013593', publication_date: '1965-08-01' },
      { title: 'Kindred', author: 'Octavia E. Butler', isbn: null, publication_date: null },
      'not a book',
    ]
    const array = await runInProcess(db(), ['import', '-', ...AS_READER, '--json'], { stdin: JSON.stringify(books) })
    expect(JSON.parse(array.stdout)).to.include({ books_created: 2 }).and.deep.include({ skipped: [{ line: 3, reason: 'not a book object' }] })
    const shown = { wishlist_id: 'x', name: 'x', user_id: 'x', books: books.slice(0, 2) }
    const object = await runInProcess(db(), ['import', '-', '-l', 'Other', '--create', ...AS_READER, '--json'], { stdin: JSON.stringify(shown) })
    expect(JSON.parse(object.stdout)).to.include({ books_created: 0, books_matched: 2, entries_added: 2 })
  })

  itWithShared('works through the built binary in a pipeline: summary JSON on stdout, nothing else', async () => {
    const result = await runBinary(db(), ['import', '-', ...AS_READER, '--json'], { stdin: readFileSync(STORYGRAPH, 'utf8') })
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.include({ books_created: 6, entries_added: 6 })
    expect(result.stderr).to.equal('')
    const text = await runBinary(db(), ['import', GOODREADS_2020, ...AS_READER])
    expect(text.code, text.stderr).to.equal(0)
    expect(text.stdout).to.equal('')
    // No colour and no progress bar when stderr is not a terminal.
    expect(text.stderr).not.to.match(/\u001b\[/)
    expect(text.stderr).to.include(`${expected.toRead.length - 4} new books`)
  })
})
