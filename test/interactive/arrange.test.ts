import { expect } from 'chai'
import { catalogue } from '../../seeds/data/catalogue.js'
import { SAMPLE, seedSampleData } from '../../seeds/data/sample-data.js'
import { describeEachBackend } from '../helpers/databases.js'
import { KEYS, Terminal, requirePty } from './terminal.js'

describeEachBackend('interactive mode: moving a book and setting its priority and note', (db) => {
  before(function () {
    requirePty(this)
  })
  let terminal: Terminal | undefined
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  afterEach(() => terminal?.kill())

  const titles = catalogue.slice(0, 6).map((book) => book.title)
  const order = () =>
    db()
      .knex('wishlist_entries as e')
      .join('books as b', 'b.id', 'e.book_id')
      .where('e.wishlist_id', SAMPLE.toRead)
      .orderBy('e.position')
      .select('b.title', 'e.priority', 'e.note')

  it('moves a book up twice and down once, then sets its priority and note', async () => {
    const term = (terminal = Terminal.spawn(db(), [], { WISHLIST_USER: SAMPLE.ada.email }))
    await term.waitFor('Add books to "To read"')
    term.send('move', KEYS.enter)
    await term.waitFor('Which book of To read?')
    term.send('3', KEYS.enter)
    const third = titles[2]!
    await term.waitFor(`"${third}": place 3 of 6`)
    // "Move up" is the default, and stays it: Enter, Enter.
    term.send(KEYS.enter)
    await term.waitFor(`"${third}": place 2 of 6`)
    term.send(KEYS.enter)
    await term.waitFor(`"${third}": place 1 of 6`)
    expect((await order()).map((row) => row.title)).to.deep.equal([third, titles[0], titles[1], ...titles.slice(3)])
    term.send('move d', KEYS.enter)
    await term.waitFor(`"${third}": place 2 of 6`)
    term.send('pri', KEYS.enter)
    await term.waitFor(`Priority of "${third}"`)
    term.send('high', KEYS.enter)
    await term.waitFor('(now high)')
    term.send('add', KEYS.enter)
    await term.waitFor(`Note on "${third}"`)
    term.send('signed copy', KEYS.enter)
    await term.waitFor('Edit the note (signed copy)')
    term.send('done', KEYS.enter)
    await term.waitFor('Switch user (now')
    term.send('quit', KEYS.enter)
    expect(await term.exit()).to.equal(0)
    const rows = await order()
    expect(rows.map((row) => row.title)).to.deep.equal([titles[0], third, titles[1], ...titles.slice(3)])
    expect(rows[1]).to.include({ priority: 'high', note: 'signed copy' })
  })

  it('refuses a note with a control character at the prompt, and Escape leaves the note as it was', async () => {
    const term = (terminal = Terminal.spawn(db(), [], { WISHLIST_USER: SAMPLE.ada.email }))
    await term.waitFor('Add books to "To read"')
    term.send('move', KEYS.enter)
    await term.waitFor('Which book of To read?')
    term.send(KEYS.enter)
    await term.waitFor(`"${titles[0]}": place 1 of 6`)
    term.send('add', KEYS.enter)
    await term.waitFor(`Note on "${titles[0]}"`)
    term.send('tab\there', KEYS.enter)
    await term.waitFor('control characters')
    term.send(KEYS.escape)
    await term.waitFor('Cancelled.')
    await term.waitFor('Switch user (now')
    term.send(KEYS.ctrlC)
    expect(await term.exit()).to.equal(130)
    expect((await order())[0]).to.include({ note: null })
  })
})
