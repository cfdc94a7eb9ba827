import { expect } from 'chai'
import { SAMPLE, seedSampleData } from '../../seeds/data/sample-data.js'
import { describeEachBackend } from '../helpers/databases.js'
import { HOSTILE, HOSTILE_LIST, HOSTILE_NAME, HOSTILE_TITLE } from '../output/hostile.js'
import { KEYS, Terminal, itWithPty } from './terminal.js'

const ADA = SAMPLE.ada.email
const TO_READ = SAMPLE.toRead

/**
 * The samples of test/output/hostile.ts a terminal would act on. Carriage return, tab
 * and newline are left out: the pty and Inquirer write those themselves, and
 * safeText's own tests cover them.
 */
const INJECTED = Object.entries(HOSTILE).filter(([name]) => name !== 'carriage return' && name !== 'tab and newline')

function expectNoneInjected(raw: string, what: string): void {
  for (const [name, sample] of INJECTED) expect(raw.includes(sample), `${name} reached the terminal raw (${what})`).to.equal(false)
}

describeEachBackend('database text in a real terminal (interactive mode, picker, export)', (db) => {
  let terminal: Terminal | undefined

  beforeEach(async () => {
    const { knex } = db()
    await db().truncate()
    await seedSampleData(knex)
    // Ada's name, her "To read" list and a book on it carry every unsafe character.
    await knex('users').where({ email: ADA }).update({ first_name: HOSTILE_NAME })
    await knex('wishlists').where({ id: TO_READ }).update({ name: HOSTILE_LIST })
    const [book] = await knex('books').insert({ title: HOSTILE_TITLE, author: HOSTILE_NAME }).returning('id')
    const { user_id } = await knex('wishlists').where({ id: TO_READ }).first('user_id')
    await knex('wishlist_entries').insert({ wishlist_id: TO_READ, user_id, book_id: book.id })
  })
  afterEach(() => terminal?.kill())

  itWithPty('the menu title, its choices, the picker header and rows, and the list and user choosers show it escaped', async () => {
    const term = (terminal = Terminal.spawn(db(), [], { WISHLIST_USER: ADA }))
    await term.waitFor('Switch user (now')
    // The menu title names the user and the list; the choices name the list.
    expect(term.screen).to.include('Mallory \\x1b]0;pwned\\x07\\x1b[2J\\x1b[6n\\x9b2J')
    expect(term.screen).to.include('Show "List \\x1b]0;pwned\\x07')

    term.send('remove', KEYS.enter)
    await term.waitFor('Books to remove from List \\x1b]0;pwned')
    term.send('title')
    await term.waitFor('Title \\x1b]0;pwned\\x07\\x1b[2J\\x1b[6n')
    term.send(KEYS.escape)
    await term.waitFor('Switch user (now')

    term.send('switch l', KEYS.enter)
    await term.waitFor('Which list?')
    await term.waitFor('List \\x1b]0;pwned')
    term.send(KEYS.escape)
    await term.waitFor('Switch user (now')

    term.send('switch u', KEYS.enter)
    await term.waitFor('Act as which user?')
    await term.waitFor('Mallory \\x1b]0;pwned')
    term.send(KEYS.escape)
    await term.waitFor('Switch user (now')

    term.send(KEYS.ctrlC)
    expect(await term.exit()).to.equal(130)
    expectNoneInjected(term.raw, 'interactive mode')
  })

  for (const args of [['export'], ['export', '-o', '/dev/tty'], ['export', '--format', 'goodreads'], ['export', '--format', 'json'], ['show'], ['--json', 'show']]) {
    itWithPty(`\`wishlist ${args.join(' ')}\` on a terminal shows it escaped`, async () => {
      const term = (terminal = Terminal.spawn(db(), [...args, TO_READ, '-u', ADA]))
      expect(await term.exit()).to.equal(0)
      expect(term.screen).to.match(/Title \\(x1b|u001b)\]0;pwned/)
      expectNoneInjected(term.raw, args.join(' '))
    })
  }
})
