import { expect } from 'chai'
import { describeEachBackend } from '../../helpers/databases.js'
import { fakePrompter, search } from '../../helpers/fake-prompter.js'
import { runInProcess } from '../../helpers/run.js'
import {
  ADA,
  ADA_EMAIL,
  FRED,
  GIFT_IDEAS,
  TO_READ,
  bookIdByIsbn,
  elsewhere,
  listBookIsbns,
  onToRead,
  seeded,
  snapshot,
} from './fixtures.js'

describeEachBackend('wishlist remove', (db) => {
  beforeEach(() => seeded(db()))
  const ada = ['--user', ADA_EMAIL]

  it('removes books from the default list and prints exactly the JSON keys of the spec', async () => {
    const [a, b] = onToRead
    const result = await runInProcess(db(), ['remove', a!.isbn, b!.isbn, ...ada, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const rows = JSON.parse(result.stdout)
    expect(rows).to.deep.equal([
      { book_id: await bookIdByIsbn(db().knex, a!.isbn), wishlist_id: TO_READ, removed: true },
      { book_id: await bookIdByIsbn(db().knex, b!.isbn), wishlist_id: TO_READ, removed: true },
    ])
    expect(await listBookIsbns(db().knex, TO_READ)).to.not.include.members([a!.isbn, b!.isbn])
    expect(result.stderr).to.include(`Removed "${a!.title}" from To read.`)
  })

  it('removes from the list given with -l (name in any case), printing nothing on stdout', async () => {
    const result = await runInProcess(db(), ['remove', '9781118891452', '-l', 'GIFT IDEAS', ...ada])
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stdout).to.equal('')
    expect(await listBookIsbns(db().knex, GIFT_IDEAS)).to.not.include('9781118891452')
  })

  it('fails with exit 3 when a book is not on the list, removing none of the others', async () => {
    const before = await snapshot(db().knex, ADA)
    const result = await runInProcess(db(), ['remove', onToRead[0]!.isbn, elsewhere[0]!.isbn, ...ada])
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include(`"${elsewhere[0]!.title}" is not on To read; nothing was removed.`)
    expect(result.stderr).to.include('-f')
    expect(await snapshot(db().knex, ADA)).to.deep.equal(before)
  })

  it('with -f removes what is there and reports the rest as removed: false', async () => {
    const result = await runInProcess(db(), ['remove', '-f', onToRead[0]!.isbn, elsewhere[0]!.isbn, ...ada, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout).map((row: { removed: boolean }) => row.removed)).to.deep.equal([true, false])
    expect(await listBookIsbns(db().knex, TO_READ)).to.not.include(onToRead[0]!.isbn)
    expect(result.stderr).to.include(`"${elsewhere[0]!.title}" was not on To read.`)
  })

  it('removes from every list given with -l, in one transaction, one JSON object per (book, list)', async () => {
    const [a, b] = onToRead
    expect((await runInProcess(db(), ['add', a!.isbn, b!.isbn, '-l', 'Gift ideas', ...ada])).code).to.equal(0)
    const result = await runInProcess(db(), ['remove', a!.isbn, b!.isbn, '-l', 'To read', '-l', 'gift ideas', ...ada, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const [idA, idB] = [await bookIdByIsbn(db().knex, a!.isbn), await bookIdByIsbn(db().knex, b!.isbn)]
    expect(JSON.parse(result.stdout)).to.deep.equal([
      { book_id: idA, wishlist_id: TO_READ, removed: true },
      { book_id: idA, wishlist_id: GIFT_IDEAS, removed: true },
      { book_id: idB, wishlist_id: TO_READ, removed: true },
      { book_id: idB, wishlist_id: GIFT_IDEAS, removed: true },
    ])
    expect(await listBookIsbns(db().knex, TO_READ)).to.not.include.members([a!.isbn, b!.isbn])
    expect(await listBookIsbns(db().knex, GIFT_IDEAS)).to.not.include.members([a!.isbn, b!.isbn])
    expect(result.stderr).to.include(`Removed "${a!.title}" from Gift ideas.`)
  })

  it('with several -l, a book not on one of them is exit 3 and nothing is removed from any; -f removes the rest', async () => {
    const before = await snapshot(db().knex, ADA)
    const args = ['remove', onToRead[0]!.isbn, '-l', 'To read', '-l', 'Gift ideas', ...ada]
    const result = await runInProcess(db(), args)
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include(`"${onToRead[0]!.title}" is not on Gift ideas; nothing was removed.`)
    expect(await snapshot(db().knex, ADA)).to.deep.equal(before)
    const forced = await runInProcess(db(), [...args, '-f', '--json'])
    expect(forced.code, forced.stderr).to.equal(0)
    expect(JSON.parse(forced.stdout).map((row: { removed: boolean }) => row.removed)).to.deep.equal([true, false])
    expect(await listBookIsbns(db().knex, TO_READ)).to.not.include(onToRead[0]!.isbn)
  })

  it('matches free text against the list first, so text ambiguous in the catalogue can be unique there', async () => {
    // "adventure time" matches many catalogue books but only one on Fred's list.
    expect((await runInProcess(db(), ['add', '9781608862801', '--user', FRED])).code).to.equal(0)
    const ambiguous = await runInProcess(db(), ['add', 'adventure time', '--user', FRED])
    expect(ambiguous.code).to.equal(2)
    const result = await runInProcess(db(), ['remove', 'adventure time', '--user', FRED])
    expect(result.code, result.stderr).to.equal(0)
    expect(await snapshot(db().knex, FRED)).to.deep.equal({ lists: ['Wishlist'], entries: [] })
  })

  it('fails with exit 3 for a user with no list, pointing to `wishlist add`', async () => {
    const result = await runInProcess(db(), ['remove', onToRead[0]!.isbn, '--user', FRED])
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include('You have no wishlists yet.').and.include('wishlist add')
  })

  it('fails with exit 3 for an unknown list and an unknown book', async () => {
    const list = await runInProcess(db(), ['remove', onToRead[0]!.isbn, '-l', 'Gift idea', ...ada])
    expect(list.code).to.equal(3)
    expect(list.stderr).to.include('Did you mean "Gift ideas"?')
    const book = await runInProcess(db(), ['remove', '9780000000002', ...ada])
    expect(book.code).to.equal(3)
    expect(book.stderr).to.include('No book with ISBN 9780000000002')
  })

  it('opens a picker over the list’s books with no BOOK on a terminal', async () => {
    let offered: string[] = []
    const prompter = fakePrompter({
      pickBooks: [
        async (options) => {
          const choices = await search(options, '')
          offered = choices.map((choice) => choice.book.isbn!)
          expect(choices.every((choice) => choice.onList)).to.equal(true)
          return [choices.find((choice) => choice.book.isbn === onToRead[2]!.isbn)!.book]
        },
      ],
    })
    const result = await runInProcess(db(), ['remove', ...ada], { tty: true, prompter })
    expect(result.code, result.stderr).to.equal(0)
    expect(offered.sort()).to.deep.equal(onToRead.map((book) => book.isbn).sort())
    expect(prompter.picks[0]!.multiple).to.equal(true)
    expect(await listBookIsbns(db().knex, TO_READ)).to.have.length(5).and.not.include(onToRead[2]!.isbn)
  })

  it('fails with exit 2 naming BOOK when there is no terminal', async () => {
    const result = await runInProcess(db(), ['remove', ...ada])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.include('BOOK required when not running interactively')
  })

  it('shows examples in --help', async () => {
    const result = await runInProcess(db(), ['remove', '--help'])
    expect(result.code).to.equal(0)
    expect(result.stdout).to.include('Examples:').and.include('wishlist remove')
  })
})
