import { expect } from 'chai'
import { seedSampleData } from '../../seeds/data/sample-data.js'
import { useCatalogueStandIn } from '../helpers/catalogue-hooks.js'
import { PROJECT_HAIL_MARY, type StandInWork } from '../helpers/catalogue-stand-in.js'
import { describeEachBackend } from '../helpers/databases.js'
import { KEYS, Terminal, requirePty } from './terminal.js'

const ADA = 'ada@example.com'
const TO_READ = 'c4e3a9d4-7d20-4e63-9f77-2f8b3c3e4d03'
const HAIL_MARY_ROW = 'Project Hail Mary — Andy Weir (2021) · 9780593135204 · Open Library'

// The add picker's online results: a stand-in for Open Library on 127.0.0.1 answers
// /search.json, the built binary runs in a real pseudo-terminal.
describeEachBackend('the picker searches Open Library after a pause, in a pseudo-terminal', (db) => {
  before(function () {
    requirePty(this)
  })
  const stand = useCatalogueStandIn()
  let terminal: Terminal | undefined

  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  afterEach(() => terminal?.kill())

  const titlesOn = async (listId: string): Promise<string[]> =>
    db()
      .knex('wishlist_entries as e')
      .join('books as b', 'b.id', 'e.book_id')
      .where('e.wishlist_id', listId)
      .orderBy('b.title')
      .pluck('b.title')

  /** `wishlist add` as Ada, online against the stand-in, up to the picker. */
  async function openPicker(env: Record<string, string> = {}): Promise<Terminal> {
    terminal = Terminal.spawn(db(), ['add', '-u', ADA], { WISHLIST_OFFLINE: '0', WISHLIST_CATALOGUE_URL: stand().url, ...env })
    await terminal.waitFor('Books to add to To read')
    return terminal
  }

  const searches = () => stand().requests.filter((request) => request.query !== undefined)

  it('lists a book the catalogue lacks below its matches, marked; choosing it creates the book and adds it', async () => {
    const term = await openPicker()
    term.send('hail mary')
    await term.waitFor(HAIL_MARY_ROW)
    expect(searches().map((request) => request.query)).to.deep.equal(['hail mary'])
    expect(searches()[0]!.url).to.include('fields=key%2Ctitle%2Cauthor_name%2Cfirst_publish_year%2Cisbn')
    term.send(KEYS.enter)
    await term.waitFor('Selected (1): Project Hail Mary')
    term.send(KEYS.enter)
    await term.waitFor('Found online, new to the catalogue: "Project Hail Mary" by Andy Weir.')
    await term.waitFor('Added "Project Hail Mary" to To read.')
    expect(await term.exit()).to.equal(0)
    // Created the way `wishlist add ISBN` creates it: from the edition's record.
    const book = await db().knex('books').where({ isbn: PROJECT_HAIL_MARY.isbn }).first()
    expect(book).to.include({ title: 'Project Hail Mary', author: 'Andy Weir' })
    expect(String(book.publication_date)).to.equal('2021-05-04')
    expect(await titlesOn(TO_READ)).to.include('Project Hail Mary')
    expect(stand().requests.map((request) => new URL(request.url, stand().url).pathname)).to.deep.equal([
      '/search.json',
      '/api/books',
    ])
  })

  it('a chosen result is created from what the search showed when the look-up fails', async () => {
    const term = await openPicker()
    term.send('hail mary')
    await term.waitFor(HAIL_MARY_ROW)
    stand().behaviour = { kind: 'status', status: 503 }
    term.send(KEYS.enter)
    await term.waitFor('Selected (1): Project Hail Mary')
    term.send(KEYS.enter)
    await term.waitFor('Added "Project Hail Mary" to To read.')
    expect(await term.exit()).to.equal(0)
    const book = await db().knex('books').where({ isbn: PROJECT_HAIL_MARY.isbn }).first()
    expect(book).to.include({ title: 'Project Hail Mary', author: 'Andy Weir' })
    // The work's first year, not the edition's day that /api/books would have given.
    expect(String(book.publication_date)).to.match(/^2021(-01-01)?$/)
    expect(stand().requests.map((request) => new URL(request.url, stand().url).pathname)).to.deep.equal(['/search.json', '/api/books'])
  })

  it('cancels a superseded search: the stand-in sees the earlier request aborted', async () => {
    const term = await openPicker()
    stand().behaviour = { kind: 'slow', delayMs: 10_000 }
    term.send('hail')
    await stand().waitForRequests(1)
    await term.waitFor('Searching Open Library…')
    stand().behaviour = { kind: 'ok' }
    term.send(' mary')
    await term.waitFor(HAIL_MARY_ROW)
    const [first, second] = searches()
    expect(first!.query).to.equal('hail')
    expect(second!.query).to.equal('hail mary')
    // The connection closes when the fetch is aborted; the 'close' event can trail the keystroke.
    for (let i = 0; i < 100 && !first!.aborted; i++) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(first!.aborted, 'first search aborted').to.equal(true)
    expect(second!.aborted).to.equal(false)
    term.send(KEYS.escape)
    expect(await term.exit()).to.equal(130)
  })

  it('waits for a pause: quick typing sends one search, and none for two characters or a full screen', async () => {
    const term = await openPicker()
    // Keystrokes 250 ms apart: the catalogue has answered (its debounce is 100 ms), the pause is not over.
    for (const part of ['hai', 'l', ' ', 'm', 'ary']) {
      term.send(part)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    await term.waitFor(HAIL_MARY_ROW)
    expect(searches().map((request) => request.query)).to.deep.equal(['hail mary'])
    term.send(KEYS.ctrlU, 'th')
    await term.waitFor('That Devil Wilkes')
    // "the" matches more sample books than fit on screen: the catalogue is enough.
    term.send('e')
    await term.waitFor('The Art of Eating')
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(searches()).to.have.length(1)
    term.send(KEYS.escape)
    expect(await term.exit()).to.equal(130)
  })

  it('a result whose ISBN is in the catalogue is shown as the catalogue book, once', async () => {
    const dalkey: StandInWork = {
      key: '/works/OL1W',
      title: 'The Third Policeman (Dalkey Archive Edition)',
      author_name: ["Flann O'Brien"],
      first_publish_year: 1967,
      isbn: ['156478214X'],
    }
    stand().works.push(dalkey)
    try {
      const term = await openPicker()
      term.send('third policeman')
      await stand().waitForRequests(1)
      await term.waitFor("The Third Policeman — Flann O'Brien (1999) · 9781564782144")
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(term.screen).not.to.include('Dalkey')
      expect(term.screen).not.to.include('· Open Library')
      term.send(KEYS.escape)
      expect(await term.exit()).to.equal(130)
    } finally {
      stand().works.splice(stand().works.indexOf(dalkey), 1)
    }
  })

  describe('one dim line when the service cannot help, and the picker goes on with the catalogue', () => {
    const cases: [string, () => void, string, Record<string, string>?][] = [
      ['offline', () => {}, 'Offline (--offline or WISHLIST_OFFLINE): Open Library not searched.', { WISHLIST_OFFLINE: '1' }],
      ['a 500', () => void (stand().behaviour = { kind: 'status', status: 500 }), 'not searched: it answered 500'],
      ['a timeout', () => void (stand().behaviour = { kind: 'slow', delayMs: 30_000 }), 'not searched: no answer within 1 s', { WISHLIST_CATALOGUE_TIMEOUT: '1' }],
      ['a truncated answer', () => void (stand().behaviour = { kind: 'truncated' }), 'not searched: its answer was cut off'],
    ]
    for (const [name, arrange, line, env] of cases) {
      it(name, async function () {
        this.timeout(30_000)
        arrange()
        const before = await titlesOn(TO_READ)
        const term = await openPicker(env)
        term.send('hail mary')
        await term.waitFor(line)
        expect(term.recent).to.include('No books match.')
        if (env?.WISHLIST_OFFLINE === '1') expect(stand().requests).to.have.length(0)
        term.send(KEYS.ctrlU, 'policem')
        await term.waitFor("The Third Policeman — Flann O'Brien")
        term.send(KEYS.enter, KEYS.enter)
        await term.waitFor('Added "The Third Policeman" to To read.')
        expect(await term.exit()).to.equal(0)
        expect(await titlesOn(TO_READ)).to.deep.equal([...before, 'The Third Policeman'].sort())
      })
    }
  })

  it('titles from the service reach the terminal without their escape sequences', async () => {
    const evil: StandInWork = {
      key: '/works/OL2W',
      title: 'Hail \x1b]0;pwned\x07Evil \x1b[2J\u009b31m\u202eMary',
      author_name: ['Ann \x1b[31mOnymous'],
      isbn: ['9780000000019'],
    }
    stand().works.push(evil)
    try {
      const term = await openPicker()
      term.send('hail')
      await term.waitFor('Onymous')
      expect(term.raw).not.to.include('\x1b]0;pwned')
      expect(term.raw).not.to.include('\x1b[2J')
      expect(term.raw).not.to.include('\u009b')
      expect(term.raw).not.to.include('\u202e')
      term.send(KEYS.escape)
      expect(await term.exit()).to.equal(130)
    } finally {
      stand().works.splice(stand().works.indexOf(evil), 1)
    }
  })
})
