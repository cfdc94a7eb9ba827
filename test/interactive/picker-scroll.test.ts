import { expect } from 'chai'
import { seedSampleData } from '../../seeds/data/sample-data.js'
import { ADA, TO_READ } from '../commands/fixtures.js'
import { describeEachBackend } from '../helpers/databases.js'
import { KEYS, Terminal, requirePty } from './terminal.js'

const GOOSEBUMPS = Array.from({ length: 22 }, (_, index) => `Goosebumps ${String(index + 1).padStart(2, '0')}: A Night of Terror`)

describeEachBackend('the picker: scrolling, narrow screens and resizes, in a pseudo-terminal', (db) => {
  let terminal: Terminal | undefined
  before(async function () {
    requirePty(this)
    await db().truncate()
    await seedSampleData(db().knex)
    await db().knex('books').insert(GOOSEBUMPS.map((title) => ({ title, author: 'R. L. Stine' })))
  })
  afterEach(() => terminal?.kill())

  const openPicker = async (cols: number) => {
    terminal = Terminal.spawn(db(), ['add', '--user', ADA.email], {}, { cols, rows: 30 })
    await terminal.waitFor('Books to add to To read')
    return terminal
  }

  it('reaches every one of 22 matches, fetching more as it scrolls, with an "N more" line', async () => {
    const term = await openPicker(100)
    term.send('goosebumps')
    await term.waitFor('Goosebumps 10')
    // Ten on screen, twelve more below, counted in the database.
    await term.waitFor('↓ 12 more')
    expect(term.recent).not.to.include('Goosebumps 11')
    for (let step = 0; step < 21; step++) term.send(KEYS.down)
    await term.waitFor('❯ ○ Goosebumps 22: A Night of Terror')
    const screen = (await term.visible()).join('\n')
    expect(screen).not.to.include('more')
    expect(screen).to.include('Goosebumps 13')
    term.send(KEYS.enter)
    await term.waitFor('Selected (1): Goosebumps 22')
    term.send(KEYS.enter)
    await term.waitFor('Added')
    expect(await term.exit()).to.equal(0)
    const onList = await db()
      .knex('wishlist_entries as e')
      .join('books as b', 'b.id', 'e.book_id')
      .where('e.wishlist_id', TO_READ)
      .where('b.title', 'like', 'Goosebumps%')
      .pluck('b.title')
    expect(onList).to.deep.equal([GOOSEBUMPS[21]])
  })

  it('scrolls back up: the first match comes back and the "more" line counts again', async () => {
    const term = await openPicker(100)
    term.send('goosebumps')
    await term.waitFor('↓ 12 more')
    for (let step = 0; step < 15; step++) term.send(KEYS.down)
    await term.waitFor('❯ ○ Goosebumps 16')
    for (let step = 0; step < 15; step++) term.send(KEYS.up)
    await term.waitFor('❯ ○ Goosebumps 01')
    expect((await term.visible()).join('\n')).to.include('↓ 12 more')
  })

  for (const cols of [40, 60, 120]) {
    it(`at ${cols} columns keeps title and author, drops the ISBN first, and its key help fits`, async () => {
      const term = await openPicker(cols)
      term.send('goosebumps')
      await term.waitFor('↓ 12 more')
      const first = (await term.visible()).find((line) => line.includes('Goosebumps 01'))!
      expect(first).to.include('— R. L.')
      term.send(KEYS.ctrlU, 'intuitionist')
      await term.waitFor('[on list]')
      const screen = await term.visible()
      const row = screen.find((line) => line.includes('[on list]'))!
      expect(row).to.match(/The In.* — Colson/)
      if (cols < 70) expect(row).not.to.include('9780385493000')
      else expect(row).to.include('The Intuitionist — Colson Whitehead (1999) · 9780385493000 [on list]')
      // Nothing the picker wrote is wider than the screen, so nothing wrapped.
      expect(await term.wrappedRows(), screen.join('\n')).to.equal(0)
      const help = screen.join('\n')
      expect(help).to.include('on Done: finish · esc cancel')
      expect(help).to.include('tab')
    })
  }

  it('re-lays after a resize from 120 to 60 columns, leaving no broken text', async () => {
    const term = await openPicker(120)
    term.send('the')
    await term.waitFor('· 97')
    term.resize(60, 30)
    // The key help of 60 columns: the picker has re-laid.
    await term.waitFor('⏎ select · tab keep search · ⏎ on Done')
    term.send(KEYS.down)
    await term.waitFor('❯ ○ The Art of Eating')
    const screen = (await term.visible()).filter((line) => line !== '')
    const text = screen.join('\n')
    // One prompt, one cursor, one help line; no 120-column rows (their ISBNs) left.
    expect(screen.filter((line) => line.includes('Books to add to To read')), text).to.have.length(1)
    expect(screen.filter((line) => line.includes('❯')), text).to.have.length(1)
    expect(screen.filter((line) => line.includes('esc cancel')), text).to.have.length(1)
    expect(text).not.to.match(/· 97[89]\d{10}/)
    expect(screen.filter((line) => line.includes(' — ')).length, text).to.equal(10)
  })
})
