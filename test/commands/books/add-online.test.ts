import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { useCatalogueStandIn } from '../../helpers/catalogue-hooks.js'
import { PROJECT_HAIL_MARY, madeUpIsbn } from '../../helpers/catalogue-stand-in.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { type RunOptions, runBinary } from '../../helpers/run.js'
import { jsonOf, snapshot } from '../fixtures.js'

// `books add --isbn X` without --title: the book filled from a stand-in for Open
// Library on 127.0.0.1, through the built binary.
describeEachBackend('wishlist books add --isbn without --title', (db) => {
  const stand = useCatalogueStandIn()
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const online: RunOptions = { env: { WISHLIST_OFFLINE: undefined, get WISHLIST_CATALOGUE_URL() { return stand().url } } }
  const run = (args: string[], options: RunOptions = online) => runBinary(db(), ['books', 'add', ...args], options)

  it('fills title, author and date from the service, in one request', async () => {
    const result = await run(['--isbn', '978-0-593-13520-4', '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(jsonOf(result.stdout)).to.include({
      title: 'Project Hail Mary',
      author: 'Andy Weir',
      isbn: PROJECT_HAIL_MARY.isbn,
      publication_date: '2021-05-04',
    })
    expect(stand().requests).to.have.length(1)
    expect(stand().requests[0]!.isbns).to.deep.equal([PROJECT_HAIL_MARY.isbn])
  })

  it('an ISBN the batch endpoint does not know: the edition through /isbn (302) and its authors\' records', async () => {
    const isbn = madeUpIsbn(42)
    stand().books.set(isbn, { title: 'Good Omens', authors: ['Terry Pratchett', 'Neil Gaiman'], publish_date: '1990', editionOnly: true })
    try {
      const result = await run(['--isbn', isbn, '--json'])
      expect(result.code, result.stderr).to.equal(0)
      expect(jsonOf(result.stdout)).to.include({ title: 'Good Omens', author: 'Terry Pratchett, Neil Gaiman', isbn })
      const paths = stand().requests.map((request) => new URL(request.url, stand().url).pathname)
      expect(paths.slice(0, 3)).to.deep.equal(['/api/books', `/isbn/${isbn}.json`, paths[2]])
      expect(paths[2]).to.match(/^\/books\/OL\d+M\.json$/)
      expect(paths.slice(3)).to.have.length(2)
      expect(paths.slice(3).every((path) => /^\/authors\/OL\d+A\.json$/.test(path))).to.equal(true)
      // The redirected request identifies itself too.
      expect(stand().requests.every((request) => request.userAgent?.startsWith('wishlist/'))).to.equal(true)
    } finally {
      stand().books.delete(isbn)
    }
  })

  it('keeps what was typed over what the service says', async () => {
    const result = await run(['--isbn', PROJECT_HAIL_MARY.isbn, '--author', 'A. Weir', '--published', '2021-05-05', '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(jsonOf(result.stdout)).to.include({ title: 'Project Hail Mary', author: 'A. Weir', publication_date: '2021-05-05' })
  })

  it('exit 3 for an ISBN the service does not know, exit 1 in one line when it fails; nothing changed', async () => {
    const before = await snapshot(db().knex)
    const unknown = await run(['--isbn', '9780000000019'])
    expect(unknown.code, unknown.stderr).to.equal(3)
    expect(unknown.stderr).to.include('No book with ISBN 9780000000019 in 127.0.0.1')
    expect(unknown.stderr).to.include('wishlist books add --isbn 9780000000019 --title')
    // Asked both ways: the batch endpoint, then /isbn (a 404).
    expect(stand().requests.map((request) => new URL(request.url, stand().url).pathname)).to.deep.equal([
      '/api/books',
      '/isbn/9780000000019.json',
    ])
    stand().behaviour = { kind: 'status', status: 500 }
    const failed = await run(['--isbn', PROJECT_HAIL_MARY.isbn])
    expect(failed.code, failed.stderr).to.equal(1)
    expect(failed.stderr.trim().split('\n')).to.have.length(1)
    expect(failed.stderr).to.match(/^error: Could not look books up in 127\.0\.0\.1:\d+: it answered 500/)
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('sends nothing offline (exit 2: --title needed) or for an ISBN already in the catalogue (exit 4)', async () => {
    const offline = await run(['--isbn', PROJECT_HAIL_MARY.isbn, '--offline'])
    expect(offline.code, offline.stderr).to.equal(2)
    expect(offline.stderr).to.include('--title is required offline')
    // Python for Dummies, a sample book.
    const known = await run(['--isbn', '9781118891452'])
    expect(known.code, known.stderr).to.equal(4)
    expect(known.stderr).to.include('9781118891452 already exists')
    expect(stand().requests).to.have.length(0)
  })
})
