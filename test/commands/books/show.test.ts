import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { fakePrompter } from '../../helpers/fake-prompter.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { ADA, EVIL, FRED, GIFT_IDEAS, OCTAVIA, PYTHON_FOR_DUMMIES, RAW_CONTROL, jsonOf } from '../fixtures.js'

describeEachBackend('wishlist books show', (db) => {
  let twins: { id: string; title: string }[]
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
    twins = await db().knex('books').insert([{ title: 'Twin Peaks Diary' }, { title: 'Twin Peaks Atlas' }]).returning(['id', 'title'])
  })
  const run = (args: string[], options = {}) => runInProcess(db(), ['books', 'show', ...args], options)

  it('prints the book and your wishlists that hold it as JSON', async () => {
    const result = await run([PYTHON_FOR_DUMMIES.isbn, '--json', '-u', ADA.email])
    expect(result.code).to.equal(0)
    const book = jsonOf(result.stdout)
    expect(Object.keys(book)).to.deep.equal(['id', 'title', 'author', 'isbn', 'publication_date', 'wishlists', 'other_list_count', 'other_user_count'])
    expect(book).to.include({ other_list_count: 0, other_user_count: 0 })
    expect(book).to.include({ id: PYTHON_FOR_DUMMIES.id, title: 'Python for Dummies', isbn: PYTHON_FOR_DUMMIES.isbn })
    expect(book.wishlists).to.have.length(1)
    expect(Object.keys(book.wishlists[0])).to.deep.equal(['id', 'name', 'user_id', 'email', 'added_at'])
    expect(book.wishlists[0]).to.include({ id: GIFT_IDEAS, name: 'Gift ideas', user_id: ADA.id, email: ADA.email })
    expect(book.wishlists[0].added_at).to.match(/^\d{4}-\d{2}-\d{2}T.*Z$/)
  })

  it('finds the book by id, by hyphenated ISBN-10 and by unique text alike', async () => {
    for (const ref of [PYTHON_FOR_DUMMIES.id, '1-118-89145-7', 'python for dummies', 'Mueller python']) {
      const result = await run([ref, '--json'])
      expect(result.code, ref).to.equal(0)
      expect(jsonOf(result.stdout).id, ref).to.equal(PYTHON_FOR_DUMMIES.id)
    }
  })

  it('prints key<TAB>value lines, then one wishlist line per list, when not on a terminal', async () => {
    const result = await run([PYTHON_FOR_DUMMIES.isbn, '-u', ADA.email])
    const lines = result.stdout.trimEnd().split('\n')
    expect(lines.slice(0, 7)).to.deep.equal([
      'title\tPython for Dummies',
      'author\tJohn Paul Mueller',
      `isbn\t${PYTHON_FOR_DUMMIES.isbn}`,
      'published\t2014-09-01',
      `id\t${PYTHON_FOR_DUMMIES.id}`,
      'other_lists\t0',
      'other_users\t0',
    ])
    expect(lines.slice(7)).to.have.length(1)
    expect(lines[7]).to.match(new RegExp(`^wishlist\\t${GIFT_IDEAS}\\tGift ideas\\t${ADA.email}\\t\\d{4}-\\d{2}-\\d{2}T`))
  })

  it('prints tables with the ISBN hyphenated and the date humanised on a terminal', async () => {
    const result = await run([PYTHON_FOR_DUMMIES.isbn, '-u', ADA.email], { tty: true, columns: 120 })
    expect(result.stdout).to.include('978-1-118-89145-2').and.include('Gift ideas').and.include('┌')
    expect(result.stdout).to.match(/just now|ago/)
  })

  it('says on stderr when no wishlist holds the book', async () => {
    const result = await run(['twin peaks diary', '-u', ADA.email])
    expect(result.code).to.equal(0)
    expect(result.stdout).not.to.include('wishlist\t')
    expect(result.stderr).to.equal('Not on any wishlist.\n')
  })

  it("lists only the current user's lists, and counts other users' (no names or emails)", async () => {
    // Python for Dummies: on Ada's "Gift ideas"; put it on Octavia's and Fred's lists too.
    for (const user of [OCTAVIA.email, FRED.email]) {
      expect((await runInProcess(db(), ['add', PYTHON_FOR_DUMMIES.isbn, '-u', user])).code).to.equal(0)
    }
    const asOctavia = await run([PYTHON_FOR_DUMMIES.isbn, '--json', '-u', OCTAVIA.email])
    const book = jsonOf(asOctavia.stdout)
    expect(book.wishlists.map((list: { user_id: string }) => list.user_id)).to.deep.equal([OCTAVIA.id])
    expect(book).to.include({ other_list_count: 2, other_user_count: 2 })
    expect(asOctavia.stdout).to.not.include(ADA.email).and.not.include(FRED.email).and.not.include('Gift ideas')

    const plain = await run([PYTHON_FOR_DUMMIES.isbn, '-u', OCTAVIA.email])
    expect(plain.stdout).to.include('other_lists\t2\nother_users\t2\n').and.not.include(ADA.email)
    const table = await run([PYTHON_FOR_DUMMIES.isbn, '-u', OCTAVIA.email], { tty: true, columns: 120 })
    expect(table.stdout).to.include('on 2 lists of 2 other users').and.not.include('Gift ideas')
  })

  it('with no user chosen, shows the counts only and says why', async () => {
    const result = await run([PYTHON_FOR_DUMMIES.isbn, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(jsonOf(result.stdout)).to.deep.include({ wishlists: [], other_list_count: 1, other_user_count: 1 })
    expect(result.stdout).to.not.include(ADA.email).and.not.include('Gift ideas')
    const plain = await run([PYTHON_FOR_DUMMIES.isbn])
    expect(plain.stdout).to.include('other_lists\t1\n')
    expect(plain.stdout).to.not.include('wishlist\t')
    expect(plain.stderr).to.include('No user chosen').and.include('--user')
  })

  it('exits 2 listing the candidates on stderr when the text is ambiguous and there is no terminal', async () => {
    const result = await run(['twin peaks'])
    expect(result).to.include({ code: 2, stdout: '' })
    expect(result.stderr).to.include('matches several books')
    for (const twin of twins) expect(result.stderr).to.include(twin.id).and.include(twin.title)
  })

  it('asks which one on a terminal', async () => {
    const atlas = twins.find((twin) => twin.title.endsWith('Atlas'))!
    const prompter = fakePrompter({ chooseBook: [(candidates) => candidates.find((c) => c.book.id === atlas.id)!.book] })
    const result = await run(['twin peaks', '--json'], { tty: true, prompter })
    expect(result.code).to.equal(0)
    expect(prompter.asked).to.have.length(1)
    expect(jsonOf(result.stdout).id).to.equal(atlas.id)
  })

  it('exits 3 for an unknown id, ISBN or text (with a "did you mean"), 2 for a bad ISBN', async () => {
    expect((await run(['11111111-2222-3333-4444-555555555555'])).code).to.equal(3)
    expect((await run(['9780307348135'])).code).to.equal(3)
    const typo = await run(['Pyhton for Dummies'])
    expect(typo.code).to.equal(3)
    expect(typo.stderr).to.include('Did you mean "Python for Dummies"')
    const bad = await run(['9781118891453'])
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.include('not a valid ISBN')
  })

  it('never prints a title’s escape sequences raw, in a table or in plain lines', async () => {
    const [evil] = await db().knex('books').insert({ title: EVIL }).returning('id')
    for (const tty of [false, true]) {
      const result = await run([evil.id], { tty })
      expect(result.stdout).to.include('Evil \\x1b]0;pwned\\x07')
      expect(result.stdout).not.to.match(RAW_CONTROL)
    }
  })

  it('works through the built binary, with pipes', async () => {
    const result = await runBinary(db(), ['books', 'show', 'python for dummies', '-u', ADA.email])
    expect(result.code).to.equal(0)
    expect(result.stdout).to.include(`wishlist\t${GIFT_IDEAS}\tGift ideas\t`)
  })
})
