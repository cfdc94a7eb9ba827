import { expect } from 'chai'
import { createServer } from 'node:net'
import { useCatalogueStandIn } from '../../helpers/catalogue-hooks.js'
import { PROJECT_HAIL_MARY, madeUpIsbn } from '../../helpers/catalogue-stand-in.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { type RunOptions, runBinary } from '../../helpers/run.js'
import { EVIL, RAW_CONTROL, snapshot } from '../fixtures.js'
import { FRED, SOUP, seeded } from './fixtures.js'

// `wishlist add ISBN` with ISBNs the catalogue does not have: looked up in a stand-in
// for Open Library on 127.0.0.1 (never the internet), through the built binary.
describeEachBackend('wishlist add, looking ISBNs up online', (db) => {
  const stand = useCatalogueStandIn()
  beforeEach(async () => {
    await seeded(db())
  })

  // The test helpers set WISHLIST_OFFLINE=1 for every other test; these turn it off.
  const online = (env: Record<string, string | undefined> = {}): RunOptions => ({
    env: { WISHLIST_OFFLINE: undefined, WISHLIST_CATALOGUE_URL: stand().url, ...env },
  })
  const add = (args: string[], options: RunOptions = online()) => runBinary(db(), ['add', ...args, '--user', FRED], options)
  const errorLines = (stderr: string) => stderr.split('\n').filter((line) => line !== '')

  it('adds Project Hail Mary by Andy Weir (2021-05-04) to the default list; a second add sends nothing', async () => {
    const first = await add([PROJECT_HAIL_MARY.isbn, '--json'])
    expect(first.code, first.stderr).to.equal(0)
    const [row] = JSON.parse(first.stdout)
    expect(row).to.include({ user_id: FRED, added: true, book_created: true })
    expect(Object.keys(row)).to.deep.equal(['book_id', 'user_id', 'wishlist_id', 'added', 'book_created', 'updated'])
    expect(first.stderr).to.include('new to the catalogue: "Project Hail Mary" by Andy Weir')
    expect(first.stderr).to.include('Added "Project Hail Mary" to Wishlist.')

    const book = await db().knex('books').where({ isbn: PROJECT_HAIL_MARY.isbn }).first()
    expect(book).to.include({ id: row.book_id, title: 'Project Hail Mary', author: 'Andy Weir' })
    const show = await runBinary(db(), ['show', '--user', FRED, '--json'])
    expect(show.code, show.stderr).to.equal(0)
    const shown = JSON.parse(show.stdout)
    expect(shown.name).to.equal('Wishlist')
    expect(shown.books).to.have.length(1)
    expect(shown.books[0]).to.include({
      id: row.book_id,
      title: 'Project Hail Mary',
      author: 'Andy Weir',
      isbn: PROJECT_HAIL_MARY.isbn,
      publication_date: '2021-05-04',
    })

    expect(stand().requests).to.have.length(1)
    const [request] = stand().requests
    expect(request!.userAgent).to.equal('wishlist/0.1.0 (+https://github.com/wishlist-cli/wishlist)')
    expect(request!.isbns).to.deep.equal([PROJECT_HAIL_MARY.isbn])
    expect(request!.url).to.include('format=json').and.include('jscmd=data')

    const second = await add([PROJECT_HAIL_MARY.isbn, '--json'])
    expect(second.code, second.stderr).to.equal(0)
    expect(JSON.parse(second.stdout)[0]).to.include({ book_id: row.book_id, added: false, book_created: false })
    expect(stand().requests).to.have.length(1)
  })

  it('looks 20 unknown ISBNs from stdin up in at most 2 requests, and sends nothing for known ones', async () => {
    stand().knowsEverything = true
    const isbns = Array.from({ length: 20 }, (_, index) => madeUpIsbn(index + 1))
    const result = await runBinary(db(), ['add', '-', '--user', FRED, '--json'], {
      ...online(),
      stdin: [...isbns, SOUP].join('\n'),
    })
    expect(result.code, result.stderr).to.equal(0)
    const rows = JSON.parse(result.stdout)
    expect(rows).to.have.length(21)
    expect(rows.filter((row: { book_created: boolean }) => row.book_created)).to.have.length(20)
    expect(stand().requests.length).to.be.within(1, 2)
    expect(stand().requests.flatMap((request) => request.isbns).sort()).to.deep.equal([...isbns].sort())
    // A bare year ("2014") stays a year.
    const dates = await db().knex('books').whereIn('isbn', isbns).pluck('publication_date')
    expect(new Set(dates.map(String))).to.deep.equal(new Set(['2014']))
  })

  it('sends at most 3 requests a second (7 batches span at least 2 s)', async () => {
    stand().knowsEverything = true
    const isbns = Array.from({ length: 140 }, (_, index) => madeUpIsbn(index + 1))
    const result = await runBinary(db(), ['add', '-', '--user', FRED, '-q'], { ...online(), stdin: isbns.join('\n') })
    expect(result.code, result.stderr).to.equal(0)
    const times = stand().requests.map((request) => request.at)
    expect(times).to.have.length(7)
    expect(times.at(-1)! - times[0]!).to.be.at.least(2000)
    // The client spaces its requests 350 ms apart (1,050 ms per three); these are arrival
    // times, which a busy machine shifts by a few ms either way (992 ms seen in CI-sized
    // runs). Without the pacing all seven arrive within a few ms of each other.
    for (let i = 3; i < times.length; i++) expect(times[i]! - times[i - 3]!, `requests ${i - 3}..${i}`).to.be.at.least(900)
  })

  it('an ISBN the service does not know: exit 3 naming it and `books add`, nothing changed', async () => {
    const before = await snapshot(db().knex)
    const result = await add([PROJECT_HAIL_MARY.isbn, '9780000000019'])
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include('error: No book with ISBN 9780000000019 in the catalogue or in 127.0.0.1')
    expect(result.stderr).to.include('wishlist books add --isbn 9780000000019 --title')
    expect(errorLines(result.stderr)).to.have.length(2)
    expect(result.stderr).not.to.match(/\n\s+at /)
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  describe('a failing service: exit 1, one line naming it and the cause, nothing changed', () => {
    const cases: [string, () => void, RegExp, Record<string, string>?][] = [
      ['a 500', () => void (stand().behaviour = { kind: 'status', status: 500 }), /answered 500/],
      ['a 503', () => void (stand().behaviour = { kind: 'status', status: 503 }), /answered 503/],
      ['a 429 asking for a wait longer than the timeout', () => void (stand().behaviour = { kind: 'too-many', retryAfter: '120', times: 9 }), /too many requests \(429\)/],
      ['a 429 again after waiting once', () => void (stand().behaviour = { kind: 'too-many', retryAfter: '1', times: 9 }), /too many requests \(429\)/],
      ['an answer slower than the timeout', () => void (stand().behaviour = { kind: 'slow', delayMs: 30_000 }), /no answer within 1 s/, { WISHLIST_CATALOGUE_TIMEOUT: '1' }],
      ['a truncated answer', () => void (stand().behaviour = { kind: 'truncated' }), /cut off/],
    ]
    for (const [name, arrange, cause, env] of cases) {
      it(name, async function () {
        this.timeout(20_000)
        arrange()
        const before = await snapshot(db().knex)
        const result = await add([PROJECT_HAIL_MARY.isbn], online(env))
        expect(result.code, result.stderr).to.equal(1)
        const lines = errorLines(result.stderr)
        expect(lines, result.stderr).to.have.length(1)
        expect(lines[0]).to.match(new RegExp(`^error: Could not look books up in 127\\.0\\.0\\.1:\\d+: `))
        expect(lines[0]).to.match(cause).and.include('--offline').and.include('wishlist books add')
        expect(await snapshot(db().knex)).to.deep.equal(before)
        // Never more than one retry.
        expect(stand().requests.length).to.be.at.most(2)
      })
    }

    it('an unreachable service', async () => {
      const port = await closedPort()
      const before = await snapshot(db().knex)
      const result = await add([PROJECT_HAIL_MARY.isbn], online({ WISHLIST_CATALOGUE_URL: `http://127.0.0.1:${port}` }))
      expect(result.code, result.stderr).to.equal(1)
      expect(errorLines(result.stderr)).to.deep.equal([
        `error: Could not look books up in 127.0.0.1:${port}: cannot connect (ECONNREFUSED). Use --offline, or add the book with \`wishlist books add --isbn ISBN --title ...\`.`,
      ])
      expect(await snapshot(db().knex)).to.deep.equal(before)
    })
  })

  it('waits out a 429 whose Retry-After fits in the timeout, then retries once', async () => {
    stand().behaviour = { kind: 'too-many', retryAfter: '1', times: 1 }
    const result = await add([PROJECT_HAIL_MARY.isbn])
    expect(result.code, result.stderr).to.equal(0)
    expect(stand().requests).to.have.length(2)
    expect(stand().requests[1]!.at - stand().requests[0]!.at).to.be.at.least(1000)
  })

  it('offline (--offline or WISHLIST_OFFLINE=1) sends nothing: an unknown ISBN is exit 3 saying it was not looked up', async () => {
    const before = await snapshot(db().knex)
    for (const options of [
      { args: ['--offline'], env: online() },
      { args: [], env: online({ WISHLIST_OFFLINE: '1' }) },
    ]) {
      const result = await add([PROJECT_HAIL_MARY.isbn, ...options.args], options.env)
      expect(result.code, result.stderr).to.equal(3)
      expect(result.stderr).to.include(`error: No book with ISBN ${PROJECT_HAIL_MARY.isbn}.`)
      expect(result.stderr).to.include('Not looked up online: offline mode')
    }
    expect(stand().requests).to.have.length(0)
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('strips control characters from what the service sends before storing it', async () => {
    const isbn = madeUpIsbn(7)
    stand().books.set(isbn, { title: `Hail ${EVIL}`, authors: [`Andy\u009b31m ${EVIL}`], publish_date: '2021' })
    const result = await add([isbn])
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stderr).not.to.match(RAW_CONTROL)
    const book = await db().knex('books').where({ isbn }).first()
    expect(book.title).not.to.match(RAW_CONTROL)
    expect(book.author).not.to.match(RAW_CONTROL)
    expect(book.title).to.match(/^Hail Evil/)
  })

  it('free text that matches nothing: exit 3, the hint names `books "..." --online` (quoted for the shell), nothing sent', async () => {
    const before = await snapshot(db().knex)
    const result = await add(['project hail mary'])
    expect(result.code, result.stderr).to.equal(3)
    const lines = errorLines(result.stderr)
    expect(lines, result.stderr).to.have.length(2)
    expect(lines[0]).to.equal('error: No book matches "project hail mary".')
    expect(lines[1]).to.include('Search Open Library: `wishlist books "project hail mary" --online`, then `wishlist add ISBN`.')
    // Text the shell would expand inside double quotes goes in single quotes.
    const odd = await add([`it's "$HOME" \`id\``])
    expect(odd.code, odd.stderr).to.equal(3)
    expect(odd.stderr).to.include(`\`wishlist books 'it'\\''s "$HOME" \`id\`' --online\``)
    // Offline, the hint does not suggest what would send nothing.
    const offline = await add(['project hail mary', '--offline'])
    expect(offline.code).to.equal(3)
    expect(offline.stderr).not.to.include('--online')
    expect(stand().requests).to.have.length(0)
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })
})

/** A port nothing listens on: one the system just gave and took back. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
