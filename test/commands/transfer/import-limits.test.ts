import { expect } from 'chai'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TEXT_LIMITS } from '../../../src/domain/limits.js'
import { MAX_RECORD_CHARS } from '../../../src/domain/transfer/parse.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { wideText } from '../../helpers/wide-text.js'
import { AS_READER, emptyWithReader, snapshot } from './helpers.js'

describeEachBackend('wishlist import: values the database would refuse', (db) => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wishlist-limits-'))
  })
  after(() => rm(dir, { recursive: true, force: true }))
  beforeEach(() => emptyWithReader(db()))

  it('skips a row with a NUL, a lone surrogate or an overlong title or author, with its line; keeps values at the limit', async () => {
    const title = wideText(TEXT_LIMITS.title, 11)
    const author = wideText(TEXT_LIMITS.author, 12)
    const csv = [
      'title,author,publication_date,added_at',
      'Kin\0dred,Octavia E. Butler,,',
      `${wideText(TEXT_LIMITS.title + 1)},Someone,,`,
      `A 5 KB title,${'y'.repeat(5 * 1024)},,`,
      `${title},${author},,`,
      'Year Zero,Someone,0000,0000-06-01T00:00:00Z',
      'Far Future,Someone,,300000-01-01T00:00:00Z',
      'Dawn,Octavia E. Butler,1987,',
    ].join('\n')
    await writeFile(join(dir, 'bad.csv'), csv)
    const result = await runBinary(db(), ['import', join(dir, 'bad.csv'), ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const summary = JSON.parse(result.stdout)
    expect(summary.skipped).to.deep.equal([
      { line: 2, reason: 'title contains a NUL character' },
      { line: 3, reason: 'title is longer than 500 characters' },
      { line: 4, reason: 'author is longer than 1,000 characters' },
    ])
    expect(summary.warnings.map((warning: { line: number }) => warning.line)).to.deep.equal([6])
    expect(summary.warnings[0].reason).to.include('date added "0000-06-01T00:00:00Z" is not a date between the years 1 and 9999')
    expect(summary).to.include({ books_created: 4 })
    expect(await db().knex('books').where({ title }).first('author')).to.deep.equal({ author })
  })

  it('skips a JSON book with a lone surrogate (which PostgreSQL cannot read as JSON) with its position', async () => {
    const json = '[{"title":"Kindred\\ud800","author":"Octavia E. Butler"},{"title":"Dawn","added_at":"0000-01-01T10:00:00Z"}]'
    const result = await runInProcess(db(), ['import', '-', ...AS_READER, '--json'], { stdin: json })
    expect(result.code, result.stderr).to.equal(0)
    const summary = JSON.parse(result.stdout)
    expect(summary.skipped).to.deep.equal([{ line: 1, reason: 'title contains an unpaired UTF-16 surrogate, which is not Unicode text' }])
    expect(summary).to.include({ books_created: 1 })
  })

  it('stops at a line longer than 1 MB with exit 2 and one line, /dev/zero included, changing nothing', async function () {
    this.timeout(60_000)
    const before = await snapshot(db().knex)
    const zero = await runBinary(db(), ['import', '/dev/zero', ...AS_READER])
    expect(zero.code, zero.stderr).to.equal(2)
    expect(zero.stderr.trim()).to.equal('error: /dev/zero has a line longer than 1 MB (from line 1): not a CSV file an import can read.')
    // Past the header, inside the transaction: rolled back.
    await writeFile(join(dir, 'long.csv'), `title,author\nDawn,Octavia E. Butler\n${'x'.repeat(MAX_RECORD_CHARS + 1)},y\n`)
    const long = await runBinary(db(), ['import', join(dir, 'long.csv'), ...AS_READER])
    expect(long.code, long.stderr).to.equal(2)
    expect(long.stderr).to.include('has a line longer than 1 MB (from line 3)')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('--shelf that no row is on: exit 2 naming the shelves with their rows, nothing written', async () => {
    const csv = [
      'Book Id,Title,Author,ISBN13,Bookshelves,Exclusive Shelf',
      '1,Dawn,Octavia E. Butler,,"favourites, sci-fi",read',
      '2,Kindred,Octavia E. Butler,,,read',
      '3,Wild Seed,Octavia E. Butler,,sci-fi,currently-reading',
    ].join('\n')
    const before = await snapshot(db().knex)
    const result = await runBinary(db(), ['import', '-', '--shelf', 'to-raed', ...AS_READER], { stdin: csv })
    expect(result.code, result.stderr).to.equal(2)
    expect(result.stderr).to.equal(
      'error: No row of standard input is on the shelf "to-raed"; nothing was imported.\n' +
        'Its shelves (rows): read (2), sci-fi (2), currently-reading (1), favourites (1). Choose one with --shelf, or take them all with --shelves all.\n',
    )
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('a file whose every row is skipped: exit 2 with the reasons counted, not even the default list made', async () => {
    const before = await snapshot(db().knex)
    const csv = 'title,author\n,Nobody\n ,Nobody\nKin\0dred,x\none,two,three\n'
    const result = await runBinary(db(), ['import', '-', ...AS_READER], { stdin: csv })
    expect(result.code, result.stderr).to.equal(2)
    expect(result.stderr).to.equal(
      'error: Nothing to import from standard input: every row was skipped (4 rows).\n' +
        'Reasons: no title (2 rows); title contains a NUL character (1 row); has 3 fields, the header has 2 (1 row). The first: line 2.\n',
    )
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })
})

describe('wishlist import: a JSON book over the record limit', () => {
  it('stops with exit 2 before reading further (JSON is streamed a book at a time)', async function () {
    this.timeout(60_000)
    const dir = await mkdtemp(join(tmpdir(), 'wishlist-json-'))
    try {
      await writeFile(join(dir, 'big.json'), `[{"title": "${'x'.repeat(MAX_RECORD_CHARS + 10)}"}, {"title": "Dawn"}]`)
      const result = await runBinary(undefined, ['import', join(dir, 'big.json'), '--data-dir', join(dir, 'data')])
      expect(result.code, result.stderr).to.equal(2)
      expect(result.stderr).to.match(/^error: .*big\.json has a book longer than 1 MB \(the 1st\): not a JSON file an import can read\.\n/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
