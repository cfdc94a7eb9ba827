import { expect } from 'chai'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { AS_READER, GOODREADS_2017, emptyWithReader, goodreadsExpectations, snapshot } from './helpers.js'

// A real Goodreads export kept in the repository (MIT, with its notice), so a clone
// without ../shared still imports real data: 358 rows, the 31-column header.
const toRead = goodreadsExpectations('to-read', GOODREADS_2017)
const reading = goodreadsExpectations('currently-reading', GOODREADS_2017)

describe('the 2017 Goodreads fixture', () => {
  it('has the shelves its README states', () => {
    expect(toRead.total).to.equal(358)
    expect(toRead.toRead).to.have.length(8)
    expect(reading.toRead).to.have.length(3)
  })
})

describeEachBackend('wishlist import of the 2017 Goodreads export', (db) => {
  beforeEach(async () => {
    await emptyWithReader(db())
  })

  it('imports its to-read shelf, counted from the file, and matches all of it the second time', async () => {
    const first = await runInProcess(db(), ['import', GOODREADS_2017, ...AS_READER, '--json'])
    expect(first.code, first.stderr).to.equal(0)
    expect(JSON.parse(first.stdout)).to.include({
      books_created: toRead.toRead.length,
      entries_added: toRead.toRead.length,
      other_shelves: toRead.total - toRead.toRead.length,
    })
    const withoutIsbn = await db().knex('books').whereNull('isbn').count({ n: '*' }).first()
    expect(Number(withoutIsbn!.n)).to.equal(toRead.noIsbn.length + toRead.invalidIsbn.length)
    const before = await snapshot(db().knex)
    const again = await runInProcess(db(), ['import', GOODREADS_2017, ...AS_READER, '--json'])
    expect(JSON.parse(again.stdout)).to.include({ books_created: 0, books_matched: toRead.toRead.length, entries_existing: toRead.toRead.length })
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('imports another shelf through the built binary into a new list', async () => {
    const result = await runBinary(db(), ['import', GOODREADS_2017, '--shelf', 'currently-reading', '-l', 'Now', '--create', ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout).entries_added).to.equal(reading.toRead.length)
    const titles = await db().knex('books').orderBy('title').pluck('title')
    expect(titles).to.have.length(reading.toRead.length)
  })
})
