import { expect } from 'chai'
import { catalogue } from '../../../seeds/data/catalogue.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { fakePrompter, search } from '../../helpers/fake-prompter.js'
import { runInProcess } from '../../helpers/run.js'
import {
  ADA,
  ADA_EMAIL,
  AMBIGUOUS,
  FRED,
  GIFT_IDEAS,
  SOUP,
  TO_READ,
  bookIdByIsbn,
  elsewhere,
  isbn10,
  listBookIsbns,
  onToRead,
  seeded,
  snapshot,
} from './fixtures.js'

describeEachBackend('wishlist add', (db) => {
  beforeEach(() => seeded(db()))
  const ada = ['--user', ADA_EMAIL]

  it('creates "Wishlist" for a user with none and prints exactly the JSON keys of the spec', async () => {
    const result = await runInProcess(db(), ['add', SOUP, '--user', FRED, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const [list] = await db().knex('wishlists').where({ user_id: FRED })
    expect(list.name).to.equal('Wishlist')
    expect(JSON.parse(result.stdout)).to.deep.equal([{ book_id: SOUP, user_id: FRED, wishlist_id: list.id, added: true, book_created: false, updated: false }])
    expect(result.stderr).to.include('Created list "Wishlist".')
  })

  it('adds to the default (oldest) list; text output goes to stderr and stdout stays empty', async () => {
    const book = elsewhere[0]!
    const result = await runInProcess(db(), ['add', book.isbn, ...ada])
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stdout).to.equal('')
    expect(result.stderr).to.equal(`Added "${book.title}" to To read.\n`)
    expect(await listBookIsbns(db().knex, TO_READ)).to.include(book.isbn)
  })

  it('takes an ISBN-10 with hyphens, an id and unique free text, several at once', async () => {
    const [a, b] = elsewhere
    const idOfB = await bookIdByIsbn(db().knex, b!.isbn)
    const result = await runInProcess(db(), ['add', isbn10(a!.isbn), idOfB, 'Afterland', ...ada, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const rows = JSON.parse(result.stdout)
    expect(rows).to.have.length(3)
    expect(rows.every((row: { added: boolean }) => row.added)).to.equal(true)
    expect(await listBookIsbns(db().knex, TO_READ)).to.include.members([a!.isbn, b!.isbn, '9780316267830'])
  })

  it('reports a book already on the list without failing', async () => {
    const book = onToRead[0]!
    const result = await runInProcess(db(), ['add', book.isbn, ...ada, '--json'])
    expect(result.code).to.equal(0)
    expect(JSON.parse(result.stdout)[0]).to.include({ wishlist_id: TO_READ, added: false })
    expect(result.stderr).to.include(`"${book.title}" is already on To read.`)
  })

  it('adds several books to several lists in one go, creating missing ones with --create', async () => {
    const [a, b] = elsewhere
    const result = await runInProcess(db(), [
      'add', a!.isbn, b!.isbn, '-l', 'gift ideas', '-l', 'Birthday', '-l', 'To read', '--create', ...ada, '--json',
    ])
    expect(result.code, result.stderr).to.equal(0)
    const birthday = await db().knex('wishlists').where({ user_id: ADA, name: 'Birthday' }).first()
    expect(birthday).to.exist
    const rows = JSON.parse(result.stdout)
    expect(rows).to.have.length(6)
    for (const row of rows) expect(Object.keys(row)).to.deep.equal(['book_id', 'user_id', 'wishlist_id', 'added', 'book_created', 'updated'])
    expect(rows.map((row: { wishlist_id: string }) => row.wishlist_id)).to.deep.equal([
      GIFT_IDEAS, birthday.id, TO_READ, GIFT_IDEAS, birthday.id, TO_READ,
    ])
    for (const list of [GIFT_IDEAS, birthday.id, TO_READ]) {
      expect(await listBookIsbns(db().knex, list)).to.include.members([a!.isbn, b!.isbn])
    }
    expect(result.stderr).to.include('Created list "Birthday".')
  })

  it('fails with exit 3 and a did-you-mean for an unknown list without --create, changing nothing', async () => {
    const before = await snapshot(db().knex, ADA)
    const result = await runInProcess(db(), ['add', elsewhere[0]!.isbn, '-l', 'To reed', '-l', 'New one', ...ada])
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include('No list "To reed"').and.include('Did you mean "To read"?')
    expect(await snapshot(db().knex, ADA)).to.deep.equal(before)
  })

  it('fails with exit 2 on a bad ISBN checksum, before anything is added', async () => {
    const bad = `${catalogue[50]!.isbn.slice(0, 12)}${(Number(catalogue[50]!.isbn[12]) + 1) % 10}`
    const result = await runInProcess(db(), ['add', SOUP, bad, '--user', FRED])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.include('not a valid ISBN')
    expect(await snapshot(db().knex, FRED)).to.deep.equal({ lists: [], entries: [] })
  })

  it('fails with exit 3 on an unknown book, adding nothing and creating no list', async () => {
    const result = await runInProcess(db(), ['add', SOUP, '00000000-0000-4000-8000-000000000000', '--user', FRED])
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include('No book with id 00000000-0000-4000-8000-000000000000')
    expect(await snapshot(db().knex, FRED)).to.deep.equal({ lists: [], entries: [] })
  })

  it('fails with exit 2 on ambiguous text when not on a terminal, listing the candidates', async () => {
    const before = await snapshot(db().knex, ADA)
    const result = await runInProcess(db(), ['add', AMBIGUOUS, ...ada])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.include(`"${AMBIGUOUS}" matches several books`)
    expect(result.stderr).to.include(`${SOUP}  Chicken Soup for the Soul 20th Anniversary Edition — Jack Canfield`)
    expect(result.stderr).to.include('My Soul to Keep (African Immortals, #1) — Tananarive Due')
    expect(await snapshot(db().knex, ADA)).to.deep.equal(before)
  })

  it('asks which book on a terminal when the text is ambiguous', async () => {
    const prompter = fakePrompter({ chooseBook: [(candidates) => candidates.find((c) => c.book.id === SOUP)!.book] })
    const result = await runInProcess(db(), ['add', AMBIGUOUS, ...ada], { tty: true, prompter })
    expect(result.code, result.stderr).to.equal(0)
    expect(prompter.choices[0]!.candidates.map((c) => c.book.title)).to.include('My Soul to Keep (African Immortals, #1)')
    expect(await listBookIsbns(db().knex, TO_READ)).to.include('9781611599138')
  })

  it('opens the multi-select picker with no BOOK on a terminal, marking books already on the list', async () => {
    const wanted = elsewhere[2]!
    const seen: Record<string, boolean | undefined> = {}
    const prompter = fakePrompter({
      // The search runs while the prompt is open, so it is exercised here.
      pickBooks: [
        async (options) => {
          for (const book of [onToRead[1]!, elsewhere[3]!]) {
            seen[book.isbn] = (await search(options, book.title)).find((c) => c.book.isbn === book.isbn)?.onList
          }
          return [(await search(options, wanted.title)).find((c) => c.book.isbn === wanted.isbn)!.book]
        },
      ],
    })
    const result = await runInProcess(db(), ['add', ...ada], { tty: true, prompter })
    expect(result.code, result.stderr).to.equal(0)
    expect(prompter.picks[0]!.multiple).to.equal(true)
    expect(seen).to.deep.equal({ [onToRead[1]!.isbn]: true, [elsewhere[3]!.isbn]: false })
    expect(await listBookIsbns(db().knex, TO_READ)).to.include(wanted.isbn)
  })

  it('adds nothing when nothing is picked', async () => {
    const before = await snapshot(db().knex, ADA)
    const prompter = fakePrompter({ pickBooks: [[]] })
    const result = await runInProcess(db(), ['add', ...ada, '--json'], { tty: true, prompter })
    expect(result.code).to.equal(0)
    expect(JSON.parse(result.stdout)).to.deep.equal([])
    expect(await snapshot(db().knex, ADA)).to.deep.equal(before)
  })

  it('fails with exit 2 naming BOOK when there is no terminal, or with --no-input', async () => {
    for (const [args, tty] of [[[], false], [['--no-input'], true]] as const) {
      const result = await runInProcess(db(), ['add', ...ada, ...args], { tty, prompter: fakePrompter() })
      expect(result.code).to.equal(2)
      expect(result.stderr).to.include('BOOK required when not running interactively')
    }
  })

  it('fails with exit 3 for an unknown user and exit 2 when no user is chosen', async () => {
    const unknown = await runInProcess(db(), ['add', SOUP, '--user', 'nobody@example.com'])
    expect(unknown.code).to.equal(3)
    expect(unknown.stderr).to.include('No user "nobody@example.com"')
    const none = await runInProcess(db(), ['add', SOUP])
    expect(none.code).to.equal(2)
    expect(none.stderr).to.include('--user')
  })

  it('shows examples in --help', async () => {
    const result = await runInProcess(db(), ['add', '--help'])
    expect(result.code).to.equal(0)
    expect(result.stdout).to.include('Examples:').and.include('wishlist add -')
  })
})
