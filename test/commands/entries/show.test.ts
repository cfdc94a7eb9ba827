import { expect } from 'chai'
import { describeEachBackend } from '../../helpers/databases.js'
import { runInProcess } from '../../helpers/run.js'
import { ADA, ADA_EMAIL, FRED, GIFT_IDEAS, onToRead, seeded, TO_READ } from './fixtures.js'

const ESC = '\u001b'

describeEachBackend('wishlist show', (db) => {
  beforeEach(() => seeded(db()))
  const ada = ['--user', ADA_EMAIL]

  /** A book with no ISBN or date and escape sequences in its title, on "To read". */
  async function addOddBook(): Promise<string> {
    const [book] = await db()
      .knex('books')
      .insert({ title: `Evil ${ESC}]0;pwned\u0007${ESC}[31mred\ttab`, author: null })
      .returning('id')
    await db().knex('wishlist_entries').insert({ wishlist_id: TO_READ, user_id: ADA, book_id: book.id })
    return book.id
  }

  it('prints the default list as JSON with exactly the keys of the spec', async () => {
    const oddId = await addOddBook()
    const result = await runInProcess(db(), ['show', ...ada, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const shown = JSON.parse(result.stdout)
    expect(Object.keys(shown)).to.deep.equal(['wishlist_id', 'name', 'user_id', 'books'])
    expect(shown).to.include({ wishlist_id: TO_READ, name: 'To read', user_id: ADA })
    expect(shown.books).to.have.length(7)
    for (const book of shown.books) {
      expect(Object.keys(book)).to.deep.equal(['id', 'title', 'author', 'isbn', 'publication_date', 'added_at', 'position', 'priority', 'note'])
      expect(new Date(book.added_at).toISOString()).to.equal(book.added_at)
    }
    const seededBook = shown.books.find((book: { isbn: string }) => book.isbn === onToRead[0]!.isbn)
    expect(seededBook).to.include({ title: onToRead[0]!.title, publication_date: onToRead[0]!.publication_date })
    expect(seededBook.isbn).to.match(/^\d{13}$/)
    const odd = shown.books.find((book: { id: string }) => book.id === oddId)
    expect(odd).to.include({ isbn: null, publication_date: null, author: null })
  })

  it('finds a list by id or by name in any case', async () => {
    for (const ref of [GIFT_IDEAS, 'gift IDEAS']) {
      const result = await runInProcess(db(), ['show', ref, ...ada, '--json'])
      expect(result.code, result.stderr).to.equal(0)
      expect(JSON.parse(result.stdout)).to.include({ wishlist_id: GIFT_IDEAS, name: 'Gift ideas' })
    }
  })

  it('prints tab-separated lines with no header or colour when stdout is not a terminal', async () => {
    await addOddBook()
    const result = await runInProcess(db(), ['show', ...ada, '--sort', 'title'], { env: { FORCE_COLOR: undefined } })
    expect(result.code, result.stderr).to.equal(0)
    // Not trimmed: a line ends with a tab when its note is empty.
    const lines = result.stdout.split('\n').slice(0, -1)
    expect(lines).to.have.length(7)
    expect(result.stdout).to.not.include(ESC)
    // The book columns, then (appended, so scripts cutting the first six still work) position, priority, note.
    for (const line of lines) expect(line.split('\t')).to.have.length(9)
    const book = onToRead[0]!
    const fields = lines.map((line) => line.split('\t')).find((cells) => cells[3] === book.isbn)!
    expect(fields.slice(1, 5)).to.deep.equal([book.title, book.author, book.isbn, book.publication_date])
    expect(fields[5]).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    expect(lines.some((line) => line.includes('\\x1b[31mred tab'))).to.equal(true)
  })

  it('sorts by title, author, published and added, and limits', async () => {
    const order = async (sort: string) =>
      JSON.parse((await runInProcess(db(), ['show', ...ada, '--json', '--sort', sort])).stdout).books
    // Titles without a leading article, authors by surname (the first author's last word).
    const titleKey = (title: string) => title.toLowerCase().replace(/^(the|an|a)\s+/, '')
    const surname = (author: string) => author.split(/\s*(?:,|;|&|\sand\s)/)[0]!.trim().split(/\s+/).at(-1)!.toLowerCase()
    const titles = (await order('title')).map((book: { title: string }) => book.title)
    expect(titles).to.deep.equal([...titles].sort((a, b) => titleKey(a).localeCompare(titleKey(b))))
    const dates = (await order('published')).map((book: { publication_date: string }) => book.publication_date)
    expect(dates).to.deep.equal([...dates].sort())
    const authors = (await order('author')).map((book: { author: string }) => surname(book.author))
    expect(authors).to.deep.equal([...authors].sort())
    const limited = await runInProcess(db(), ['show', ...ada, '--sort', 'title', '--limit', '2'])
    expect(limited.stdout.trimEnd().split('\n').map((line) => line.split('\t')[1])).to.deep.equal(titles.slice(0, 2))
  })

  it('on a terminal prints the list name and a table, colourless with NO_COLOR, never raw escapes', async () => {
    await addOddBook()
    const plain = await runInProcess(db(), ['show', ...ada], { tty: true, env: { NO_COLOR: '1' } })
    expect(plain.code, plain.stderr).to.equal(0)
    expect(plain.stdout).to.match(/^To read \(7 books\)\n/)
    expect(plain.stdout).to.include('Title').and.include('┌').and.include(onToRead[0]!.isbn)
    expect(plain.stdout).to.not.include(ESC)
    const coloured = await runInProcess(db(), ['show', ...ada], { tty: true, env: { NO_COLOR: undefined } })
    expect(coloured.stdout).to.include(`${ESC}[1m`)
    expect(coloured.stdout).to.not.include(`${ESC}]0;`).and.not.include(`${ESC}[31m`)
  })

  it('prints nothing for an empty list when piped, and says so on a terminal', async () => {
    await runInProcess(db(), ['add', '9781118891452', '--user', FRED])
    await runInProcess(db(), ['remove', '9781118891452', '--user', FRED])
    const piped = await runInProcess(db(), ['show', '--user', FRED])
    expect(piped).to.include({ code: 0, stdout: '' })
    const terminal = await runInProcess(db(), ['show', '--user', FRED], { tty: true })
    expect(terminal.stdout).to.include('Wishlist (0 books)').and.include('No books yet')
  })

  it('fails with exit 3 for a user with no list, an unknown list or an unknown user', async () => {
    const none = await runInProcess(db(), ['show', '--user', FRED])
    expect(none.code).to.equal(3)
    expect(none.stderr).to.include('You have no wishlists yet.').and.include('wishlist add')
    const list = await runInProcess(db(), ['show', 'Gift idaes', ...ada])
    expect(list.code).to.equal(3)
    expect(list.stderr).to.include('Did you mean "Gift ideas"?')
    const user = await runInProcess(db(), ['show', '--user', 'ada@exmaple.com'])
    expect(user.code).to.equal(3)
    expect(user.stderr).to.include('Did you mean "ada@example.com"?')
  })

  it('fails with exit 2 on a bad --sort or --limit', async () => {
    for (const args of [['--sort', 'colour'], ['--limit', '0'], ['--limit', 'x']]) {
      const result = await runInProcess(db(), ['show', ...ada, ...args])
      expect(result.code, args.join(' ')).to.equal(2)
    }
  })

  it('shows examples in --help', async () => {
    const result = await runInProcess(db(), ['show', '--help'])
    expect(result.code).to.equal(0)
    expect(result.stdout).to.include('Examples:').and.include('--sort')
  })
})
