import { expect } from 'chai'
import { TEXT_LIMITS } from '../../../src/domain/limits.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { fakePrompter } from '../../helpers/fake-prompter.js'
import { runBinary } from '../../helpers/run.js'
import { ADA, GIFT_IDEAS, OCTAVIA, PYTHON_FOR_DUMMIES, jsonOf, snapshot, withSampleDataAndConfig } from '../fixtures.js'

const INTUITIONIST = '9780385493000' // on Ada's "To read" list in the sample data
const KINGDOMS = '9780316043915' // The Hundred Thousand Kingdoms, on the same list

describeEachBackend('wishlist books edit', (db) => {
  const { run } = withSampleDataAndConfig(db)
  const edit = (args: string[]) => run(['books', 'edit', ...args])
  const book = (isbn: string) => db().knex('books').where({ isbn }).first()
  const entriesOf = (id: string) => db().knex('wishlist_entries').where({ book_id: id }).orderBy('wishlist_id').select('wishlist_id', 'user_id', 'added_at')

  it('fixes every field in place: same id, still on every list that held it, --json prints the book', async () => {
    const before = await book(PYTHON_FOR_DUMMIES.isbn)
    // On Ada's "Gift ideas", and on one of Octavia's lists too, so "every list" is more than one user's.
    await db().knex('wishlist_entries').insert({ wishlist_id: 'e6a5cbf6-9f42-4a85-b199-4bad5e5a6f05', user_id: OCTAVIA.id, book_id: before.id })
    const entries = await entriesOf(before.id)
    expect(entries).to.have.length(2)
    const result = await edit([
      PYTHON_FOR_DUMMIES.isbn,
      '--title', 'Python For Dummies, 2nd Edition',
      '--author', 'Stef Maruch, Aahz Maruch',
      '--isbn', '0-471-77864-8',
      '--published', '2006-08',
      '--json',
    ])
    expect(result.code, result.stderr).to.equal(0)
    expect(jsonOf(result.stdout)).to.deep.equal({
      id: before.id,
      title: 'Python For Dummies, 2nd Edition',
      author: 'Stef Maruch, Aahz Maruch',
      isbn: '9780471778646',
      publication_date: '2006-08',
    })
    expect(await entriesOf(before.id)).to.deep.equal(entries)
    const show = await run(['show', GIFT_IDEAS, '--user', ADA.email, '--json'])
    expect(jsonOf(show.stdout).books.map((entry: { id: string; title: string }) => [entry.id, entry.title])).to.deep.include([
      before.id,
      'Python For Dummies, 2nd Edition',
    ])
  })

  it('changes only what is given, says what changed, and clears author, ISBN or date with ""', async () => {
    expect(await book(INTUITIONIST)).to.include({ publication_date: '1999' })
    const month = await edit(['intuitionist', '--published', '1999-01'])
    expect(month.code, month.stderr).to.equal(0)
    expect(month.stderr).to.match(/^Updated "The Intuitionist" \([0-9a-f-]{36}\): published "1999" -> "1999-01"\. It stays on every list that holds it\.\n$/)
    expect(await book(INTUITIONIST)).to.include({ title: 'The Intuitionist', author: 'Colson Whitehead', publication_date: '1999-01' })
    const same = await edit([INTUITIONIST, '--author', 'Colson Whitehead'])
    expect(same.stderr).to.include('already had those details; nothing changed')
    const cleared = await edit(['the intuitionist', '--author', '', '--published', '', '--json'])
    expect(cleared.code, cleared.stderr).to.equal(0)
    expect(jsonOf(cleared.stdout)).to.include({ author: null, isbn: INTUITIONIST, publication_date: null })
    const noIsbn = await edit([INTUITIONIST, '--isbn', '', '--json'])
    expect(jsonOf(noIsbn.stdout)).to.include({ title: 'The Intuitionist', isbn: null })
  })

  it('exits 2 when there is nothing to change, and on an empty title, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    const nothing = await runBinary(db(), ['books', 'edit', INTUITIONIST])
    expect(nothing.code).to.equal(2)
    expect(nothing.stderr).to.equal('error: Nothing to change.\nGive --title, --author, --isbn or --published (an empty value clears all but the title).\n')
    expect((await edit([INTUITIONIST, '--title', '  '])).code).to.equal(2)
    expect((await edit([INTUITIONIST, '--title', 'x'.repeat(TEXT_LIMITS.title + 1)])).stderr).to.include('--title is longer than 500 characters')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('exits 2 on a bad ISBN or a date that is not a year, a month or a real day, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    for (const isbn of ['0-385-49300-1', '12345', 'abc']) {
      const result = await edit([INTUITIONIST, '--isbn', isbn])
      expect(result.code, isbn).to.equal(2)
      expect(result.stderr).to.include('not a valid ISBN')
    }
    for (const date of ['1999-13', '1999-02-29', '0000', '99', '1999-6', 'June 1999', '1999/06/25']) {
      const result = await edit([INTUITIONIST, '--published', date])
      expect(result.code, date).to.equal(2)
      expect(result.stderr).to.include('YYYY, YYYY-MM or YYYY-MM-DD')
    }
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('exits 3 when the book is not in the catalogue', async () => {
    const before = await snapshot(db().knex)
    for (const ref of ['9780807083697', '00000000-0000-4000-8000-000000000000', 'no such book at all']) {
      const result = await runBinary(db(), ['books', 'edit', ref, '--title', 'X'])
      expect(result.code, ref).to.equal(3)
      expect(result.stderr.trim().split('\n')).to.have.length.at.most(2)
    }
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('exits 4 on an ISBN another book has, naming it, and changes nothing', async () => {
    const before = await snapshot(db().knex)
    const other = await book(KINGDOMS)
    // Typed as the ISBN-10 of the other book.
    const result = await runBinary(db(), ['books', 'edit', INTUITIONIST, '--isbn', '0-316-04391-5', '--title', 'Renamed'])
    expect(result.code).to.equal(4)
    expect(result.stderr).to.include(`Another book has ISBN ${KINGDOMS}`).and.include(other.id)
    expect(result.stderr.trim().split('\n')).to.have.length(2)
    expect(await snapshot(db().knex)).to.deep.equal(before)
    // Its own ISBN is no conflict.
    expect((await edit([INTUITIONIST, '--isbn', '0-385-49300-2'])).code).to.equal(0)
  })

  it('exits 4 when a book left without ISBN would have the title and author of another, and changes nothing', async () => {
    const zine = jsonOf((await run(['books', 'add', '--title', 'A Zine', '--author', 'Anon', '--json'])).stdout)
    const before = await snapshot(db().knex)
    // Another book's title and author, case and spacing aside (the books_match_key rule of `books add`).
    const same = await edit([zine.id, '--title', ' the INTUITIONIST', '--author', 'Colson  Whitehead'])
    expect(same.code).to.equal(4)
    expect(same.stderr).to.include('already in the catalogue').and.include((await book(INTUITIONIST)).id)
    // Two books without ISBN.
    await run(['books', 'add', '--title', 'Another Zine', '--author', 'Anon'])
    const twin = await runBinary(db(), ['books', 'edit', zine.id, '--title', 'another zine'])
    expect(twin.code).to.equal(4)
    expect(twin.stderr).to.include('"Another Zine" by Anon is already in the catalogue')
    // Clearing an ISBN makes a book match on title and author.
    const cleared = await edit([KINGDOMS, '--isbn', ''])
    expect(cleared.code, cleared.stderr).to.equal(0)
    await run(['books', 'add', '--title', 'The Hundred Thousand Kingdoms (Inheritance, #1)', '--author', 'N.K. Jemisin', '--isbn', '9780316043922'])
    expect((await edit(['9780316043922', '--isbn', ''])).code).to.equal(4)
    expect(await db().knex('books').where({ isbn: '9780316043922' }).first()).to.exist
    const after = await snapshot(db().knex)
    expect(after.entries).to.deep.equal(before.entries)
    // A date alone never conflicts: with an ISBN a title and author may repeat (two editions).
    expect((await edit(['9780316043922', '--published', '2010-02-25'])).code).to.equal(0)
  })

  it('asks which book on a terminal when free text matches several', async () => {
    await run(['books', 'add', '--title', 'The Intuitionist: A Novel', '--author', 'Colson Whitehead'])
    const prompter = fakePrompter({ chooseBook: [(candidates) => candidates.find((choice) => choice.book.isbn === INTUITIONIST)!.book] })
    const result = await run(['books', 'edit', 'intuitionist', '--published', '1999-02'], { tty: true, prompter })
    expect(result.code, result.stderr).to.equal(0)
    expect(prompter.asked).to.have.length(1)
    expect(await book(INTUITIONIST)).to.include({ publication_date: '1999-02' })
  })
})
