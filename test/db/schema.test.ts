import { expect } from 'chai'
import { migrations } from '../../migrations/index.js'
import { migrateLatest, migratorConfig, rollback, schemaState, schemaStatus } from '../../src/db/schema.js'
import { matchKey } from '../../src/store/imports.js'
import { describeEachBackend } from '../helpers/databases.js'
import { SAMPLE } from '../../seeds/data/sample-data.js'

const FRED = SAMPLE.fred.id

describeEachBackend('schema', (db) => {
  beforeEach(() => db().truncate())

  it('migrates down to nothing and up again', async () => {
    const { knex } = db()
    expect(await schemaState(knex)).to.equal('current')
    const undone = await rollback(knex, true)
    expect(undone).to.have.length(migrations.length)
    expect(await schemaState(knex)).to.equal('missing')
    const tables = await knex.raw(`select table_name from information_schema.tables
                                   where table_schema = 'public' and table_name not like 'knex%'`)
    expect(tables.rows).to.deep.equal([])
    expect(await migrateLatest(knex)).to.have.length(migrations.length)
    expect(await schemaStatus(knex)).to.deep.equal({ applied: migrations.map((m) => m.name), pending: [] })
  })

  it("indexes the import's title-and-author key, with the expression the import matches on", async () => {
    const { knex } = db()
    // The index can serve the import only if its expression is matchKey's, exactly.
    const plan = await knex.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off')
      return (await trx.raw(`explain select id from books b where ${matchKey('b.title', 'b.author')} = ?`, ['x'])).rows
    })
    expect(plan.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n')).to.include('books_match_key')
  })

  it('keeps one book without ISBN per title and author, whatever their case and spacing', async () => {
    const { knex } = db()
    await knex('books').insert([{ title: 'Kindred', author: 'Octavia E. Butler' }, { title: 'Kindred', author: 'Someone Else' }])
    await knex('books').insert([{ title: 'Kindred', author: 'Octavia E. Butler', isbn: '9780807083697' }])
    await expectViolation(knex('books').insert({ title: ' kindRED ', author: 'Octavia  E.Butler' }), '23505')
  })

  it('merges books without ISBN that were duplicated before the unique key, keeping every entry once', async () => {
    const { knex } = db()
    // Back to just before the unique key (20261201000008).
    const downToBeforeUniqueKey = async () => {
      while ((await knex.migrate.currentVersion(migratorConfig)) >= '20261201000008') await knex.migrate.down(migratorConfig)
    }
    await downToBeforeUniqueKey()
    const [user] = await knex('users').insert({ email: 'm@example.com' }).returning('id')
    const lists = await knex('wishlists').insert([{ user_id: user.id, name: 'A' }, { user_id: user.id, name: 'B' }, { user_id: user.id, name: 'C' }]).returning('id')
    const at = (day: number) => new Date(Date.UTC(2020, 0, day))
    const books = await knex('books')
      .insert([
        { title: 'Dune', author: 'Frank Herbert', created_at: at(1) },
        { title: 'DUNE', author: 'Frank  Herbert', created_at: at(2) },
        { title: 'Dune ', author: 'frank herbert', created_at: at(3) },
        { title: 'Dune', author: 'Frank Herbert', isbn: '9780441172719', created_at: at(4) },
      ])
      .returning('id')
    const [keep, second, third, edition] = books.map((book: { id: string }) => book.id)
    const entry = (list: number, book: string, day: number) => ({ wishlist_id: lists[list].id, user_id: user.id, book_id: book, added_at: at(day) })
    await knex('wishlist_entries').insert([
      // A holds the survivor and a duplicate; B two duplicates; C one duplicate and the edition.
      entry(0, keep, 10), entry(0, second, 5),
      entry(1, third, 7), entry(1, second, 8),
      entry(2, third, 9), entry(2, edition, 9),
    ])
    await migrateLatest(knex)
    expect((await knex('books').orderBy('created_at').pluck('id'))).to.deep.equal([keep, edition])
    const entries = await knex('wishlist_entries').orderBy(['wishlist_id', 'book_id']).select('wishlist_id', 'book_id', 'added_at')
    const expected = [entry(0, keep, 10), entry(1, keep, 7), entry(2, keep, 9), entry(2, edition, 9)]
      .map(({ wishlist_id, book_id, added_at }) => ({ wishlist_id, book_id, added_at }))
      .sort((a, b) => a.wishlist_id.localeCompare(b.wishlist_id) || a.book_id.localeCompare(b.book_id))
    expect(entries).to.deep.equal(expected)
    // And down again gives the index it replaced.
    await downToBeforeUniqueKey()
    await knex('books').insert({ title: 'Dune', author: 'Frank Herbert' })
    await migrateLatest(knex)
    expect(await knex('books').count('* as n').first()).to.deep.equal({ n: 2 })
  })

  it('generates uuids and timestamps in the database', async () => {
    const { knex } = db()
    const [user] = await knex('users').insert({ email: 'a@example.com' }).returning('*')
    expect(user.id).to.match(/^[0-9a-f-]{36}$/)
    expect(user.created_at).to.be.instanceOf(Date)
  })

  it('rejects a second user with the same email in another case', async () => {
    const { knex } = db()
    await knex('users').insert({ email: 'Fred@Example.com' })
    await expectViolation(knex('users').insert({ email: 'fred@example.com' }), '23505')
  })

  it('rejects a duplicate ISBN and a malformed one, but allows many books without', async () => {
    const { knex } = db()
    await knex('books').insert([{ title: 'A', isbn: '9781118891452' }, { title: 'B' }, { title: 'C' }])
    await expectViolation(knex('books').insert({ title: 'D', isbn: '9781118891452' }), '23505')
    await expectViolation(knex('books').insert({ title: 'E', isbn: '978-1118891452' }), '23514')
    await expectViolation(knex('books').insert({ title: '  ' }), '23514')
  })

  it('rejects a duplicate list name in another case for one user, not across users', async () => {
    const { knex } = db()
    const [a, b] = await knex('users').insert([{ email: 'a@x.org' }, { email: 'b@x.org' }]).returning('id')
    await knex('wishlists').insert({ user_id: a.id, name: 'Reading' })
    await knex('wishlists').insert({ user_id: b.id, name: 'reading' })
    await expectViolation(knex('wishlists').insert({ user_id: a.id, name: 'READING' }), '23505')
  })

  it('rejects an entry whose user is not the list owner, and a duplicate entry', async () => {
    const { knex } = db()
    const [owner, other] = await knex('users').insert([{ email: 'o@x.org' }, { email: 'p@x.org' }]).returning('id')
    const [list] = await knex('wishlists').insert({ user_id: owner.id, name: 'L' }).returning('id')
    const [book] = await knex('books').insert({ title: 'T' }).returning('id')
    await expectViolation(
      knex('wishlist_entries').insert({ wishlist_id: list.id, user_id: other.id, book_id: book.id }),
      '23503',
    )
    await knex('wishlist_entries').insert({ wishlist_id: list.id, user_id: owner.id, book_id: book.id })
    await expectViolation(
      knex('wishlist_entries').insert({ wishlist_id: list.id, user_id: owner.id, book_id: book.id }),
      '23505',
    )
  })

  it('deletes a user’s lists and entries with the user, and entries with a book', async () => {
    const { knex } = db()
    const [user] = await knex('users').insert({ id: FRED, email: 'fredr@neighborhood.com' }).returning('id')
    const [list] = await knex('wishlists').insert({ user_id: user.id, name: 'L' }).returning('id')
    const books = await knex('books').insert([{ title: 'T1' }, { title: 'T2' }]).returning('id')
    await knex('wishlist_entries').insert(books.map((book) => ({ wishlist_id: list.id, user_id: user.id, book_id: book.id })))
    await knex('books').where({ id: books[0].id }).del()
    expect(await count(knex, 'wishlist_entries')).to.equal(1)
    await knex('users').where({ id: user.id }).del()
    expect(await count(knex, 'wishlists')).to.equal(0)
    expect(await count(knex, 'wishlist_entries')).to.equal(0)
    expect(await count(knex, 'books')).to.equal(1)
  })

  it('indexes entries by book_id', async () => {
    const { knex } = db()
    const result = await knex.raw(`select indexdef from pg_indexes where tablename = 'wishlist_entries'`)
    expect(result.rows.map((row: { indexdef: string }) => row.indexdef).join('\n')).to.match(/\(book_id\)/)
  })
})

async function expectViolation(query: PromiseLike<unknown>, code: string): Promise<void> {
  try {
    await query
  } catch (error) {
    expect((error as { code?: string }).code).to.equal(code)
    return
  }
  expect.fail(`expected a ${code} violation`)
}

async function count(knex: import('knex').Knex, table: string): Promise<number> {
  const [row] = await knex(table).count({ n: '*' })
  return Number(row!.n)
}

