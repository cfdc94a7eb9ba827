import { expect } from 'chai'
import { SAMPLE, seedSampleData } from '../../seeds/data/sample-data.js'
import { describeEachBackend } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'
import { KEYS, Terminal, requirePty } from './terminal.js'

const ADA = SAMPLE.ada.email
const TO_READ = SAMPLE.toRead

describeEachBackend('interactive mode and the book picker, in a pseudo-terminal', (db) => {
  before(function () {
    requirePty(this)
  })
  let terminal: Terminal | undefined

  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  afterEach(() => terminal?.kill())

  /** Titles on a list, sorted, straight from the database. */
  const titlesOn = async (listId: string): Promise<string[]> =>
    db()
      .knex('wishlist_entries as e')
      .join('books as b', 'b.id', 'e.book_id')
      .where('e.wishlist_id', listId)
      .orderBy('b.title')
      .pluck('b.title')

  /** `wishlist` alone, as Ada, up to the menu. */
  async function openMenu(): Promise<Terminal> {
    terminal = Terminal.spawn(db(), [], { WISHLIST_USER: ADA })
    await terminal.waitFor('Add books to "To read"')
    return terminal
  }

  /** The menu is back (after an action): keys now go to it, not to a closed prompt. */
  const atMenu = (term: Terminal) => term.waitFor('Switch user (now')

  /** Chooses a menu entry by typing the start of its name (Inquirer's select jumps to it). */
  const choose = (term: Terminal, entry: string) => term.send(entry, KEYS.enter)

  async function openAddPicker(term: Terminal): Promise<void> {
    choose(term, 'add')
    await term.waitFor('Done')
  }

  it('adds a book found by typing part of its title', async () => {
    const term = await openMenu()
    const before = await titlesOn(TO_READ)
    await openAddPicker(term)
    term.send('policem')
    await term.waitFor("The Third Policeman — Flann O'Brien (1999) · 9781564782144")
    term.send(KEYS.enter)
    await term.waitFor('Selected (1): The Third Policeman')
    term.send(KEYS.enter)
    await term.waitFor('Added "The Third Policeman" to To read.')
    expect(await titlesOn(TO_READ)).to.deep.equal([...before, 'The Third Policeman'].sort())
    await atMenu(term)
    choose(term, 'quit')
    expect(await term.exit()).to.equal(0)
  })

  it('selects several books, marks those already on the list, and finds by author and ISBN', async () => {
    const term = await openMenu()
    const before = await titlesOn(TO_READ)
    await openAddPicker(term)
    term.send('intuitionist')
    // Already on "To read": marked, and choosing it again adds nothing twice.
    await term.waitFor('The Intuitionist — Colson Whitehead (1999) · 9780385493000 [on list]')
    term.send('\x7f'.repeat('intuitionist'.length), 'makumbi')
    await term.waitFor('The First Woman — Jennifer Nansubuga Makumbi')
    term.send(KEYS.enter)
    await term.waitFor('Selected (1): The First Woman')
    term.send('978156478214')
    await term.waitFor('The Third Policeman')
    term.send(KEYS.enter)
    await term.waitFor('Selected (2): The First Woman · The Third Policeman')
    term.send(KEYS.enter)
    await term.waitFor('Added "The Third Policeman" to To read.')
    expect(await titlesOn(TO_READ)).to.deep.equal([...before, 'The First Woman', 'The Third Policeman'].sort())
    await atMenu(term)
    term.send(KEYS.ctrlC)
    expect(await term.exit()).to.equal(130)
  })

  it('Tab selects and keeps the search; choosing a selected book again unselects it', async () => {
    const term = await openMenu()
    const before = await titlesOn(TO_READ)
    await openAddPicker(term)
    term.send('fisher')
    await term.waitFor('How to Cook a Wolf — M.F.K. Fisher')
    term.send(KEYS.tab)
    await term.waitFor(/Selected \(1\): .*\n.*fisher/)
    term.send(KEYS.down, KEYS.tab)
    await term.waitFor('Selected (2)')
    term.send(KEYS.up, KEYS.tab)
    await term.waitFor('Selected (1)')
    term.send(KEYS.ctrlU)
    await term.waitFor('Done (1 selected)')
    term.send(KEYS.enter)
    await term.waitFor(/Added ".*" to To read\./)
    expect(await titlesOn(TO_READ)).to.have.length(before.length + 1)
    await atMenu(term)
    term.send(KEYS.escape)
    expect(await term.exit()).to.equal(130)
  })

  it('removes a book through a picker over the list', async () => {
    const term = await openMenu()
    expect(await titlesOn(TO_READ)).to.include('The Intuitionist')
    choose(term, 'remove')
    await term.waitFor('Books to remove from To read')
    term.send('intuit')
    await term.waitFor('The Intuitionist — Colson Whitehead')
    term.send(KEYS.enter, KEYS.enter)
    await term.waitFor('Removed "The Intuitionist" from To read.')
    expect(await titlesOn(TO_READ)).not.to.include('The Intuitionist')
    await atMenu(term)
    term.send(KEYS.ctrlC)
    expect(await term.exit()).to.equal(130)
  })

  it('Escape or Ctrl-C in the picker returns to the menu with nothing added', async () => {
    const term = await openMenu()
    const before = await titlesOn(TO_READ)
    for (const cancel of [KEYS.escape, KEYS.ctrlC]) {
      await openAddPicker(term)
      term.send('policem')
      await term.waitFor('The Third Policeman')
      term.send(KEYS.enter)
      await term.waitFor('Selected (1)')
      term.send(cancel)
      await term.waitFor('Cancelled.')
      await term.waitFor('Add books to "To read"')
      expect(await titlesOn(TO_READ)).to.deep.equal(before)
    }
    term.send(KEYS.escape)
    expect(await term.exit()).to.equal(130)
    expect(await titlesOn(TO_READ)).to.deep.equal(before)
  })

  it('Ctrl-C at the menu exits 130 without a stack trace', async () => {
    const term = await openMenu()
    term.send(KEYS.ctrlC)
    expect(await term.exit()).to.equal(130)
    expect(term.screen).not.to.match(/\n\s+at /)
  })

  it('creating a list can be cancelled at its name; a new list becomes the current one', async () => {
    const term = await openMenu()
    choose(term, 'new')
    await term.waitFor('Name of the new list:')
    term.send('Half typed', KEYS.escape)
    await term.waitFor('Cancelled.')
    await term.waitFor('Add books to "To read"')
    expect(await db().knex('wishlists').where({ name: 'Half typed' }).first()).to.equal(undefined)

    choose(term, 'new')
    await term.waitFor('Name of the new list:')
    term.send('Holiday reads', KEYS.enter)
    await term.waitFor('Add books to "Holiday reads"')
    expect(await db().knex('wishlists').where({ name: 'Holiday reads' }).first()).to.include({ name: 'Holiday reads' })
    term.send(KEYS.ctrlC)
    expect(await term.exit()).to.equal(130)
  })

  it('deleting a list needs its name typed; a wrong name or Escape deletes nothing', async () => {
    const term = await openMenu()
    const deleteEntry = () => choose(term, 'delete')
    deleteEntry()
    await term.waitFor('Type its name to confirm')
    term.send('Gift ideas', KEYS.enter)
    await term.waitFor('nothing was deleted')
    await atMenu(term)
    deleteEntry()
    await term.waitFor('Type its name to confirm')
    term.send('To re', KEYS.escape)
    await term.waitFor('Cancelled.')
    expect(await db().knex('wishlists').where({ id: TO_READ }).first()).not.to.equal(undefined)
    await atMenu(term)
    deleteEntry()
    await term.waitFor('Type its name to confirm')
    term.send('to read', KEYS.enter)
    await term.waitFor('Deleted list "To read"')
    // The menu moves on to Ada's other list.
    await term.waitFor('Add books to "Gift ideas"')
    expect(await db().knex('wishlists').where({ id: TO_READ }).first()).to.equal(undefined)
    term.send(KEYS.ctrlC)
    expect(await term.exit()).to.equal(130)
  })

  it('switches user and list for the session', async () => {
    const term = await openMenu()
    choose(term, 'switch u')
    await term.waitFor('Act as which user?')
    term.send('octavia')
    await term.waitFor(/❯ Octavia Butler/)
    term.send(KEYS.enter)
    await term.waitFor('Add books to "Science fiction"')
    choose(term, 'switch l')
    await term.waitFor('Which list?')
    term.send(KEYS.escape)
    await term.waitFor('Cancelled.')
    await term.waitFor('Octavia Butler <octavia@example.com> · Science fiction')
    choose(term, 'show')
    await term.waitFor(/Science fiction \(\d+ books?\)/)
    await atMenu(term)
    term.send(KEYS.escape)
    expect(await term.exit()).to.equal(130)
  })

  it('`wishlist add` with no BOOK opens the picker; Ctrl-C there exits 130 and adds nothing', async () => {
    terminal = Terminal.spawn(db(), ['add', '-u', ADA])
    const before = await titlesOn(TO_READ)
    await terminal.waitFor('Books to add to To read')
    terminal.send('policem')
    await terminal.waitFor('The Third Policeman')
    terminal.send(KEYS.enter)
    await terminal.waitFor('Selected (1)')
    terminal.send(KEYS.ctrlC)
    expect(await terminal.exit()).to.equal(130)
    expect(await titlesOn(TO_READ)).to.deep.equal(before)

    terminal = Terminal.spawn(db(), ['add', '-u', ADA])
    await terminal.waitFor('Books to add to To read')
    terminal.send('policem')
    await terminal.waitFor('The Third Policeman')
    terminal.send(KEYS.enter, KEYS.enter)
    expect(await terminal.exit()).to.equal(0)
    expect(await titlesOn(TO_READ)).to.include('The Third Policeman')
  })

  it('an ambiguous BOOK on a terminal opens the picker narrowed to the candidates', async () => {
    terminal = Terminal.spawn(db(), ['add', 'fisher', '-u', ADA])
    await terminal.waitFor('matches several books')
    await terminal.waitFor('How to Cook a Wolf — M.F.K. Fisher')
    terminal.send('wolf')
    await terminal.waitFor(/❯ How to Cook a Wolf/)
    terminal.send(KEYS.enter)
    expect(await terminal.exit()).to.equal(0)
    expect(await titlesOn(TO_READ)).to.include('How to Cook a Wolf')
  })

  it('refuses --no-input on a terminal with exit 2', async () => {
    terminal = Terminal.spawn(db(), ['--no-input', 'interactive'], { WISHLIST_USER: ADA })
    expect(await terminal.exit()).to.equal(2)
    expect(terminal.screen).to.include('interactive mode cannot run with --no-input')
  })

  it('without a terminal: interactive fails with exit 2, bare `wishlist` prints help, add needs BOOK', async () => {
    const interactive = await runBinary(db(), ['interactive'], { env: { WISHLIST_USER: ADA } })
    expect(interactive.code).to.equal(2)
    expect(interactive.stderr).to.include('interactive mode needs a terminal')
    expect(interactive.stdout).to.equal('')

    const bare = await runBinary(db(), [])
    expect(bare.code).to.equal(0)
    expect(bare.stdout).to.include('Usage: wishlist')
    expect(bare.stdout).to.include('interactive')

    const add = await runBinary(db(), ['add'], { env: { WISHLIST_USER: ADA } })
    expect(add.code).to.equal(2)
    expect(add.stderr).to.include('BOOK required when not running interactively')
  })
})
