import { expect } from 'chai'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary } from '../../helpers/run.js'
import { ADA, ADA_EMAIL, elsewhere, FRED, seeded, SOUP } from './fixtures.js'

// Through the built bin/wishlist, with pipes: the original API's flow, the exit codes
// of each command, and several processes adding to one list at once.
describeEachBackend('wishlist add/show/remove (binary)', (db) => {
  beforeEach(() => db().truncate())

  it('runs the original API flow: seed, add, show, remove', async () => {
    const seed = await runBinary(db(), ['db', 'seed'])
    expect(seed.code, seed.stderr).to.equal(0)

    const add = await runBinary(db(), ['add', SOUP, '--user', FRED, '--json'])
    expect(add.code, add.stderr).to.equal(0)
    const [added] = JSON.parse(add.stdout)
    expect(added).to.include({ book_id: SOUP, user_id: FRED, added: true })
    expect(added.wishlist_id).to.match(/^[0-9a-f-]{36}$/)

    const show = await runBinary(db(), ['show', added.wishlist_id, '--user', FRED, '--json'])
    expect(show.code, show.stderr).to.equal(0)
    const shown = JSON.parse(show.stdout)
    expect(shown).to.include({ wishlist_id: added.wishlist_id, name: 'Wishlist', user_id: FRED })
    expect(shown.books).to.have.length(1)
    expect(shown.books[0]).to.include({
      id: SOUP,
      title: 'Chicken Soup for the Soul 20th Anniversary Edition',
      isbn: '9781611599138',
      publication_date: '2013-06-25',
    })

    const remove = await runBinary(db(), ['remove', SOUP, '-l', added.wishlist_id, '--user', FRED, '--json'])
    expect(remove.code, remove.stderr).to.equal(0)
    expect(JSON.parse(remove.stdout)).to.deep.equal([{ book_id: SOUP, wishlist_id: added.wishlist_id, removed: true }])
    const after = await runBinary(db(), ['show', added.wishlist_id, '--user', FRED, '--json'])
    expect(JSON.parse(after.stdout).books).to.deep.equal([])
  })

  it('exits 2, 3 and 0 as the spec says, with one-line errors and no stack trace', async () => {
    await seeded(db())
    const cases: [string[], number, string][] = [
      [['add', '978-1-61159-913-9', '--user', FRED], 2, 'not a valid ISBN'],
      [['add', 'soul', '--user', FRED], 2, 'matches several books'],
      [['add', '--user', FRED], 2, 'BOOK required when not running interactively'],
      [['remove', '--user', ADA_EMAIL], 2, 'BOOK required'],
      [['show', '--sort', 'nope', '--user', FRED], 2, 'nope'],
      [['add', '9780000000002', '--user', FRED], 3, 'No book with ISBN'],
      [['add', SOUP, '-l', 'Nope', '--user', ADA_EMAIL], 3, 'No list "Nope"'],
      [['add', SOUP, '--user', 'nobody@example.com'], 3, 'No user'],
      [['remove', SOUP, '--user', ADA_EMAIL], 3, 'is not on To read'],
      [['show', '--user', FRED], 3, 'no wishlists yet'],
      [['remove', '-f', SOUP, '--user', ADA_EMAIL], 0, 'was not on To read'],
    ]
    for (const [args, code, message] of cases) {
      const result = await runBinary(db(), args)
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).to.equal(code)
      expect(result.stderr).to.include(message)
      expect(result.stderr).to.not.match(/\n\s+at /)
    }
  })

  it('takes 8 processes adding overlapping books at once: one "Wishlist", no duplicates, no errors', async () => {
    await seeded(db())
    const isbns = elsewhere.slice(0, 6).map((book) => book.isbn)
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        runBinary(db(), ['add', isbns[index % 6]!, isbns[(index + 1) % 6]!, isbns[(index + 3) % 6]!, '--user', FRED, '--json']),
      ),
    )
    for (const run of runs) expect(run.code, run.stderr).to.equal(0)
    const lists = await db().knex('wishlists').where({ user_id: FRED })
    expect(lists.map((list) => list.name)).to.deep.equal(['Wishlist'])
    const entries = await db().knex('wishlist_entries').where({ wishlist_id: lists[0].id })
    expect(entries).to.have.length(6)
    // Every pair was reported once as added across all processes, the rest as existing.
    const rows = runs.flatMap((run) => JSON.parse(run.stdout))
    expect(rows).to.have.length(24)
    expect(rows.filter((row) => row.added)).to.have.length(6)
    expect(new Set(rows.map((row) => row.wishlist_id))).to.deep.equal(new Set([lists[0].id]))
  })

  it('takes 8 processes creating the same new list with --create at once: exactly one list', async () => {
    await seeded(db())
    const runs = await Promise.all(
      elsewhere.map((book) => runBinary(db(), ['add', book.isbn, '-l', 'Holiday', '--create', '--user', ADA])),
    )
    for (const run of runs) expect(run.code, run.stderr).to.equal(0)
    const lists = await db().knex('wishlists').where({ user_id: ADA }).whereRaw("lower(name) = 'holiday'")
    expect(lists).to.have.length(1)
    expect(await db().knex('wishlist_entries').where({ wishlist_id: lists[0].id })).to.have.length(8)
  })
})
