import { expect } from 'chai'
import { JSON_SHAPES, allFields } from '../../src/output/json-fields.js'
import { describeEachBackend } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'
import { ADA, GIFT_IDEAS, OCTAVIA, PYTHON_FOR_DUMMIES, TO_READ, jsonOf, snapshot, withSampleDataAndConfig } from '../commands/fixtures.js'

// Issue 17: --json FIELDS in gh's style.
describeEachBackend('--json FIELDS', (db) => {
  const { run } = withSampleDataAndConfig(db)
  const asAda = (args: string[], options = {}) => run(['-u', ADA.email, ...args], options)

  it('--json alone keeps the whole shapes; --json a,b keeps only those keys, in that order, of each object', async () => {
    const whole = jsonOf((await run(['books', 'python', '--json'])).stdout)
    expect(Object.keys(whole[0])).to.deep.equal(['id', 'title', 'author', 'isbn', 'publication_date'])
    const some = await run(['books', 'python', '--json', 'isbn,title'])
    expect(some.code, some.stderr).to.equal(0)
    expect(jsonOf(some.stdout)).to.deep.equal(whole.map((book: any) => ({ isbn: book.isbn, title: book.title })))
    expect(jsonOf((await run(['books', 'python', '--json=title'])).stdout)).to.deep.equal(whole.map((book: any) => ({ title: book.title })))
  })

  it('does not swallow the argument after --json: `books --json python` searches for python', async () => {
    const swallowed = await run(['books', '--json', 'python'])
    expect(swallowed.code, swallowed.stderr).to.equal(0)
    expect(swallowed.stdout).to.equal((await run(['books', 'python', '--json'])).stdout)
    expect(jsonOf(swallowed.stdout).map((book: any) => book.title)).to.include('Python for Dummies')
    // A field name right after --json is FIELDS; the query can still come first.
    expect(Object.keys(jsonOf((await run(['books', '--json', 'title', 'python'])).stdout)[0])).to.deep.equal(['title'])
    // A command without arguments takes any word there as FIELDS; so does the program itself.
    expect(jsonOf((await asAda(['lists', '--json', 'name'])).stdout)).to.deep.equal([{ name: 'To read' }, { name: 'Gift ideas' }])
    expect(jsonOf((await asAda(['--json', 'name', 'lists'])).stdout)).to.deep.equal([{ name: 'To read' }, { name: 'Gift ideas' }])
    expect(jsonOf((await asAda(['--json', 'lists'])).stdout)).to.have.length(2)
    // A list's name after --json stays the name (not a field list).
    expect((await asAda(['show', '--json', 'Gift ideas'])).code).to.equal(0)
    expect(jsonOf((await asAda(['show', '--json', 'Gift ideas'])).stdout).wishlist_id).to.equal(GIFT_IDEAS)
  })

  it("chooses a list's keys and its books' keys in `show`", async () => {
    const result = await asAda(['show', '--json', 'name,title,isbn', '--limit', '2'])
    expect(result.code, result.stderr).to.equal(0)
    const shown = jsonOf(result.stdout)
    expect(Object.keys(shown)).to.deep.equal(['name', 'books'])
    expect(shown.books).to.have.length(2)
    for (const book of shown.books) expect(Object.keys(book)).to.deep.equal(['title', 'isbn'])
    const books = jsonOf((await asAda(['show', '--json', 'wishlist_id,books'])).stdout)
    expect(books.wishlist_id).to.equal(TO_READ)
    expect(Object.keys(books.books[0])).to.deep.equal(['id', 'title', 'author', 'isbn', 'publication_date', 'added_at', 'position', 'priority', 'note'])
  })

  it('an unknown field is exit 2 naming the valid ones, before anything changes', async () => {
    const before = await snapshot(db().knex)
    const result = await asAda(['lists', 'delete', 'Gift ideas', '--yes', '--json', 'id,nmae'])
    expect(result).to.include({ code: 2, stdout: '' })
    expect(result.stderr).to.equal(
      'error: Unknown JSON field for `wishlist lists delete`: nmae.\nAvailable fields: id, name, user_id, book_count, created_at.\n',
    )
    expect(await snapshot(db().knex)).to.deep.equal(before)
    const bin = await runBinary(db(), ['books', '--json=titel,auther'])
    expect(bin.code).to.equal(2)
    expect(bin.stderr).to.include('Unknown JSON fields for `wishlist books`: titel, auther.')
    const exported = await asAda(['export', '--json=title'])
    expect(exported.code).to.equal(2)
    expect(exported.stderr).to.include('show --json FIELDS')
  })

  it("declares every command's real JSON keys (JSON_SHAPES matches the output)", async () => {
    // Octavia shares "Science fiction" with Ada, who claims one of its books.
    const sciFi = await db().knex('wishlists').where({ user_id: OCTAVIA.id }).first('id', 'user_id')
    await db().knex('wishlist_shares').insert({ wishlist_id: sciFi.id, user_id: sciFi.user_id, shared_with: ADA.id })
    const sciFiBook: string = (await db().knex('wishlist_entries').where({ wishlist_id: sciFi.id }).first('book_id')).book_id
    const runs: [string, string[], { stdin?: string }?][] = [
      ['lists share', ['lists', 'share', 'To read', OCTAVIA.email, '--json']],
      ['lists unshare', ['lists', 'unshare', 'To read', '--json']],
      ['claim', ['claim', sciFiBook, '-l', sciFi.id, '--json']],
      ['claims', ['claims', '--json']],
      ['unclaim', ['unclaim', sciFiBook, '-l', sciFi.id, '--json']],
      ['show', ['show', '--json']],
      ['books', ['books', 'python', '--json']],
      ['books show', ['books', 'show', PYTHON_FOR_DUMMIES.isbn, '--json']],
      ['lists', ['lists', '--json']],
      ['lists create', ['lists', 'create', 'Later', '--json']],
      ['lists rename', ['lists', 'rename', 'Later', 'Much later', '--json']],
      ['add', ['add', PYTHON_FOR_DUMMIES.isbn, '-l', 'Much later', '--json']],
      ['move', ['move', PYTHON_FOR_DUMMIES.isbn, '--top', '-l', 'Much later', '--json']],
      ['edit', ['edit', PYTHON_FOR_DUMMIES.isbn, '-l', 'Much later', '--priority', 'high', '--note', 'a note', '--json']],
      ['remove', ['remove', PYTHON_FOR_DUMMIES.isbn, '-l', 'Much later', '--json']],
      ['lists delete', ['lists', 'delete', 'Much later', '--yes', '--json']],
      ['books add', ['books', 'add', '--title', 'A zine', '--json']],
      ['books edit', ['books', 'edit', 'a zine', '--published', '2024', '--json']],
      ['books remove', ['books', 'remove', 'A zine', '--yes', '--json']],
      ['import', ['import', '-', '--format', 'json', '--json'], { stdin: '[{"title":"Another zine"}]' }],
      ['users', ['users', '--json']],
      ['users add', ['users', 'add', '--email', 'grace@example.com', '--json']],
      ['users use', ['users', 'use', ADA.email, '--json']],
      ['whoami', ['whoami', '--json']],
      ['users remove', ['users', 'remove', 'grace@example.com', '--yes', '--others', '0', '--json']],
      ['db info', ['db', 'info', '--json']],
      ['db status', ['db', 'status', '--json']],
      ['db migrate', ['db', 'migrate', '--json']],
      ['version', ['version', '--json']],
    ]
    const checked = new Set<string>()
    for (const [path, args, options] of runs) {
      const result = await asAda(args, options)
      expect(result.code, `${path}: ${result.stderr}`).to.equal(0)
      const shape = JSON_SHAPES[path]!
      const data = jsonOf(result.stdout)
      const records = Array.isArray(data) ? data : [data]
      expect(records.length, path).to.be.greaterThan(0)
      for (const record of records) {
        expect(Object.keys(record).filter((key) => !shape.fields.includes(key)), `${path}: keys not in JSON_SHAPES`).to.deep.equal([])
        if (path !== 'db info') expect(shape.fields.filter((key) => !(key in record)), `${path}: declared but not printed`).to.deep.equal([])
        if (shape.nested) {
          for (const inner of record[shape.nested.key]) expect(Object.keys(inner)).to.deep.equal(shape.nested.fields)
        }
      }
      // Each field can be chosen alone.
      for (const field of allFields(shape)) {
        const one = await asAda([...args, '--json', field], options)
        expect(one.code, `${path} --json ${field}: ${one.stderr}`).to.be.oneOf(path === 'users add' || path === 'lists create' ? [0, 4] : [0, 3, 4])
      }
      checked.add(path)
      if (path === 'import') expect(jsonOf((await asAda(['import', '-', '--format', 'json', '--json', 'dry_run'], { stdin: '[]' })).stdout)).to.deep.equal({ dry_run: false })
    }
    // db rollback is checked in test/db/rollback.test.ts's shape, users link (a server
    // role) in test/commands/sharing/roles.test.ts; the rest here.
    expect(Object.keys(JSON_SHAPES).filter((path) => !checked.has(path))).to.deep.equal(['users link', 'db rollback'])
  })
})
