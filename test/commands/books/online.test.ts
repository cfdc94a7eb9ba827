import { expect } from 'chai'
import { createServer } from 'node:net'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { useCatalogueStandIn } from '../../helpers/catalogue-hooks.js'
import { PROJECT_HAIL_MARY, type StandInWork } from '../../helpers/catalogue-stand-in.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { type RunOptions, runBinary, runInProcess } from '../../helpers/run.js'
import { ADA, EVIL, RAW_CONTROL, jsonOf, snapshot } from '../fixtures.js'

const BOOK_KEYS = ['id', 'title', 'author', 'isbn', 'publication_date']
const THIRD_POLICEMAN_ISBN = '9781564782144'

// `books QUERY --online`: the catalogue's matches and a stand-in for Open Library's
// /search.json on 127.0.0.1 (never the internet), through the built binary.
describeEachBackend('wishlist books QUERY --online', (db) => {
  const stand = useCatalogueStandIn()
  // A work the catalogue has (one of its ISBNs is a sample book's), under another title.
  const dalkey: StandInWork = {
    key: '/works/OL1W',
    title: 'The Third Policeman (Dalkey Archive)',
    author_name: ["Flann O'Brien"],
    first_publish_year: 1967,
    isbn: ['not an isbn', '156478214X'],
  }
  before(() => void stand().works.push(dalkey))
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })

  const online = (env: Record<string, string | undefined> = {}): RunOptions => ({
    env: { WISHLIST_OFFLINE: undefined, WISHLIST_CATALOGUE_URL: stand().url, ...env },
  })
  const books = (args: string[], options: RunOptions = online()) => runBinary(db(), ['books', ...args], options)
  const errorLines = (stderr: string) => stderr.split('\n').filter((line) => line !== '')

  it('lists what the service finds that the catalogue lacks, marked not in the catalogue; `add` takes its ISBN', async () => {
    const result = await books(['hail mary', '--online', '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const rows = jsonOf(result.stdout)
    expect(rows).to.deep.equal([
      {
        id: null,
        title: 'Project Hail Mary',
        author: 'Andy Weir',
        isbn: PROJECT_HAIL_MARY.isbn,
        publication_date: '2021',
        in_catalogue: false,
        source: 'openlibrary',
        key: '/works/OL21745884W',
      },
    ])
    expect(stand().requests).to.have.length(1)
    const url = new URL(stand().requests[0]!.url, stand().url)
    expect(url.pathname).to.equal('/search.json')
    expect(url.searchParams.get('q')).to.equal('hail mary')
    expect(url.searchParams.get('fields')).to.equal('key,title,author_name,first_publish_year,isbn')
    expect(url.searchParams.get('limit')).to.equal('50')
    expect(stand().requests[0]!.userAgent).to.match(/^wishlist\/\S+ \(\+https:\/\//)
    // Nothing was stored by searching.
    expect(await db().knex('books').where({ isbn: PROJECT_HAIL_MARY.isbn }).first()).to.equal(undefined)

    const add = await runBinary(db(), ['add', rows[0].isbn, '--user', ADA.email, '--json'], online())
    expect(add.code, add.stderr).to.equal(0)
    expect(jsonOf(add.stdout)[0]).to.include({ added: true, book_created: true })
    // Now the catalogue's: listed once, as its book.
    const again = jsonOf((await books(['hail mary', '--online', '--json'])).stdout)
    expect(again).to.have.length(1)
    expect(again[0]).to.include({ title: 'Project Hail Mary', isbn: PROJECT_HAIL_MARY.isbn, in_catalogue: true })
    expect(Object.keys(again[0])).to.deep.equal([...BOOK_KEYS, 'in_catalogue'])
  })

  it('--json FIELDS can choose the online keys', async () => {
    const result = await books(['hail mary', '--online', '--json', 'isbn,in_catalogue,source'])
    expect(result.code, result.stderr).to.equal(0)
    expect(jsonOf(result.stdout)).to.deep.equal([{ isbn: PROJECT_HAIL_MARY.isbn, in_catalogue: false, source: 'openlibrary' }])
  })

  it('shows a result whose ISBN is in the catalogue as the catalogue book, once, keeping its keys', async () => {
    const result = await books(['third policeman', '--online', '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const rows = jsonOf(result.stdout)
    expect(rows).to.have.length(1)
    expect(Object.keys(rows[0])).to.deep.equal([...BOOK_KEYS, 'in_catalogue'])
    expect(rows[0]).to.include({ title: 'The Third Policeman', isbn: THIRD_POLICEMAN_ISBN, in_catalogue: true })
    // Found only online (another title), it is still the catalogue's book.
    const byOtherTitle = jsonOf((await books(['dalkey archive', '--online', '--json'])).stdout)
    expect(byOtherTitle).to.have.length(1)
    expect(byOtherTitle[0]).to.include({ title: 'The Third Policeman', in_catalogue: true })
  })

  it('marks online results in tab-separated lines and in a table', async () => {
    const plain = await books(['hail mary', '--online'])
    expect(plain.code, plain.stderr).to.equal(0)
    expect(plain.stdout).to.equal(`\tProject Hail Mary\tAndy Weir\t${PROJECT_HAIL_MARY.isbn}\t2021\topenlibrary\n`)
    const mixed = await books(['policeman', '--online'])
    expect(mixed.stdout.split('\n')[0]).to.match(/^[0-9a-f-]{36}\tThe Third Policeman\tFlann O'Brien\t9781564782144\t1999[-0-9]*\tcatalogue$/)

    const table = await runInProcess(db(), ['books', 'hail mary', '--online'], { ...online(), tty: true, columns: 120 })
    expect(table.code, table.stderr).to.equal(0)
    expect(table.stdout).to.include('Project Hail Mary').and.include('· Open Library').and.include('Source')
    expect(table.stderr).to.include('wishlist add ISBN')
  })

  it('without --online nothing is sent and the output is as before', async () => {
    const result = await books(['hail mary', '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(jsonOf(result.stdout)).to.deep.equal([])
    expect(stand().requests).to.have.length(0)
  })

  it('--online offline (--offline or WISHLIST_OFFLINE) or without QUERY: a usage error, nothing sent', async () => {
    for (const [args, options] of [
      [['hail mary', '--online', '--offline'], online()],
      [['hail mary', '--online'], online({ WISHLIST_OFFLINE: '1' })],
      [['--online'], online()],
    ] as const) {
      const result = await books([...args], options)
      expect(result.code, `${args}: ${result.stderr}`).to.equal(2)
      expect(errorLines(result.stderr)).to.have.length(2)
      expect(result.stdout).to.equal('')
    }
    expect((await books(['hail mary', '--online', '--offline'])).stderr).to.include(
      'error: --online cannot be used offline (--offline or WISHLIST_OFFLINE is set): nothing was sent.',
    )
    expect(stand().requests).to.have.length(0)
  })

  it('strips control characters from the service\'s titles; output stays safe', async () => {
    const evil: StandInWork = { key: '/works/OL2W', title: `Hail ${EVIL}`, author_name: [`Mary\u009b31m ${EVIL}`], isbn: ['9780000000019'] }
    stand().works.push(evil)
    try {
      for (const args of [['--json'], []]) {
        const result = await books(['hail', '--online', ...args])
        expect(result.code, result.stderr).to.equal(0)
        expect(result.stdout).to.include('pwned')
        expect(result.stdout).not.to.match(RAW_CONTROL)
      }
      const table = await runInProcess(db(), ['books', 'hail', '--online'], { ...online(), tty: true, columns: 150 })
      expect(table.code, table.stderr).to.equal(0)
      expect(table.stdout).to.include('pwned').and.not.include('\u001b]0;').and.not.include('\u009b')
      const hit = jsonOf((await books(['hail', '--online', '--json'])).stdout).find((row: { key: string }) => row.key === '/works/OL2W')
      expect(hit.title).to.equal('Hail Evil ]0;pwned [31mred')
    } finally {
      stand().works.splice(stand().works.indexOf(evil), 1)
    }
  })

  describe('a failing service: exit 1, one line naming it and the cause, suggesting --offline, nothing changed', () => {
    const cases: [string, () => void, RegExp, Record<string, string>?][] = [
      ['a 500', () => void (stand().behaviour = { kind: 'status', status: 500 }), /it answered 500/],
      ['a 429 asking for a wait longer than the timeout', () => void (stand().behaviour = { kind: 'too-many', retryAfter: '120', times: 9 }), /too many requests \(429\)/],
      ['a 429 again after waiting once', () => void (stand().behaviour = { kind: 'too-many', retryAfter: '1', times: 9 }), /too many requests \(429\)/],
      ['an answer slower than the timeout', () => void (stand().behaviour = { kind: 'slow', delayMs: 30_000 }), /no answer within 1 s/, { WISHLIST_CATALOGUE_TIMEOUT: '1' }],
      ['a truncated answer', () => void (stand().behaviour = { kind: 'truncated' }), /its answer was cut off/],
      ['an answer that is not JSON', () => void (stand().behaviour = { kind: 'body', body: '<html>busy</html>' }), /not valid JSON/],
      ['JSON without docs', () => void (stand().behaviour = { kind: 'body', body: '{"error":"x"}' }), /had no list of books/],
    ]
    for (const [name, arrange, cause, env] of cases) {
      it(name, async function () {
        this.timeout(20_000)
        arrange()
        const before = await snapshot(db().knex)
        const result = await books(['hail mary', '--online'], online(env))
        const ended = Date.now()
        expect(result.code, result.stderr).to.equal(1)
        const lines = errorLines(result.stderr)
        expect(lines, result.stderr).to.have.length(1)
        expect(lines[0]).to.match(/^error: Could not search 127\.0\.0\.1:\d+: /)
        expect(lines[0]).to.match(cause).and.include('--offline')
        expect(result.stderr).not.to.match(/\n\s+at /)
        expect(result.stdout).to.equal('')
        expect(await snapshot(db().knex)).to.deep.equal(before)
        expect(stand().requests.length).to.be.at.most(2)
        // Within the timeout and a second of the first request (1 s here, else the default 5 s).
        expect(ended - stand().requests[0]!.at).to.be.below((env?.WISHLIST_CATALOGUE_TIMEOUT ? 1000 : 5000) + 1000)
      })
    }

    it('an unreachable service', async () => {
      const port = await closedPort()
      const result = await books(['hail mary', '--online'], online({ WISHLIST_CATALOGUE_URL: `http://127.0.0.1:${port}` }))
      expect(result.code, result.stderr).to.equal(1)
      expect(errorLines(result.stderr)).to.deep.equal([
        `error: Could not search 127.0.0.1:${port}: cannot connect (ECONNREFUSED). Search the catalogue alone without --online (--offline keeps wishlist off the network).`,
      ])
    })
  })

  it('waits out a 429 whose Retry-After fits in the timeout, then answers', async () => {
    stand().behaviour = { kind: 'too-many', retryAfter: '1', times: 1 }
    const result = await books(['hail mary', '--online', '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(jsonOf(result.stdout)).to.have.length(1)
    expect(stand().requests).to.have.length(2)
    expect(stand().requests[1]!.at - stand().requests[0]!.at).to.be.at.least(1000)
  })
})

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
