import { expect } from 'chai'
import type { Knex } from 'knex'
import { type TestDatabase, createTestDatabase, serverIsAvailable } from '../helpers/databases.js'
import { type PgBouncer, pgbouncerAvailable, startPgBouncer } from '../helpers/pgbouncer.js'
import { type TestRoles, createRoles } from '../helpers/roles.js'

/**
 * Row-level security checked with raw SQL as each person's own role, as a member of a
 * family would in psql: directly on the server and through PgBouncer in transaction
 * pooling mode.
 */
const PEOPLE = ['ada', 'ben', 'cy', 'dan'] as const
type Person = (typeof PEOPLE)[number]

for (const via of ['server', 'pgbouncer'] as const) {
  describe(`row-level security, raw SQL as each role [${via}]`, function () {
    let db: TestDatabase
    let roles: TestRoles
    let bouncer: PgBouncer | undefined
    const as: Partial<Record<Person, Knex>> = {}
    const id: Record<string, string> = {}

    before(async function () {
      if (!(await serverIsAvailable())) this.skip()
      if (via === 'pgbouncer' && !pgbouncerAvailable()) {
        console.warn('    (skipped: pgbouncer is not installed)')
        this.skip()
      }
      db = await createTestDatabase('server')
      roles = await createRoles(db, [...PEOPLE])
      if (via === 'pgbouncer') {
        bouncer = await startPgBouncer(Object.values(roles.names))
      }
      const base = bouncer?.url(databaseName(db))
      for (const person of PEOPLE) as[person] = roles.knexAs(person, base)
    })
    after(async () => {
      await roles?.drop()
      await bouncer?.stop()
      await db?.destroy()
    })

    beforeEach(async () => {
      const knex = db.knex
      await db.truncate()
      for (const person of PEOPLE) {
        const [row] = await knex('users').insert({ email: `${person}@example.com`, role: roles.names[person] }).returning('id')
        id[person] = row.id
      }
      const books = await knex('books')
        .insert(['Dune', 'Emma', 'Ulysses', 'Beloved'].map((title) => ({ title })))
        .returning(['id', 'title'])
      for (const book of books) id[book.title] = book.id
      const list = async (person: Person, name: string, isPublic = false) => {
        const [row] = await knex('wishlists').insert({ user_id: id[person], name, public: isPublic }).returning('id')
        id[name] = row.id
        return row.id as string
      }
      await list('ada', 'Birthday')
      await list('ada', 'Secret')
      await list('ben', 'Ben public', true)
      await list('cy', 'Cy private')
      await knex('wishlist_entries').insert([
        { wishlist_id: id.Birthday, user_id: id.ada, book_id: id.Dune },
        { wishlist_id: id.Birthday, user_id: id.ada, book_id: id.Emma },
        { wishlist_id: id.Secret, user_id: id.ada, book_id: id.Ulysses },
        { wishlist_id: id['Ben public'], user_id: id.ben, book_id: id.Beloved },
        { wishlist_id: id['Cy private'], user_id: id.cy, book_id: id.Dune },
      ])
      await knex('wishlist_shares').insert([
        { wishlist_id: id.Birthday, user_id: id.ada, shared_with: id.ben },
        { wishlist_id: id.Birthday, user_id: id.ada, shared_with: id.cy },
      ])
    })

    const listNames = async (person: Person) =>
      (await as[person]!('wishlists').orderBy('name').pluck('name')) as string[]
    const entryBooks = async (person: Person) =>
      (await as[person]!('wishlist_entries as e').join('books as b', 'b.id', 'e.book_id').orderBy('b.title').pluck('b.title')) as string[]
    const claimsSeen = async (person: Person) => (await as[person]!('claims').select('*')) as { claimer_id: string; book_id: string }[]
    /** Ben claims Dune on Birthday, as his own role. */
    const benClaimsDune = () =>
      as.ben!('claims').insert({ wishlist_id: id.Birthday, user_id: id.ada, book_id: id.Dune, claimer_id: id.ben, note: 'got it' })

    it('select returns only own lists, lists shared with the user and public lists', async () => {
      expect(await listNames('ada')).to.deep.equal(['Ben public', 'Birthday', 'Secret'])
      expect(await listNames('ben')).to.deep.equal(['Ben public', 'Birthday'])
      expect(await listNames('cy')).to.deep.equal(['Ben public', 'Birthday', 'Cy private'])
      expect(await listNames('dan')).to.deep.equal(['Ben public'])
      expect(await entryBooks('ben')).to.deep.equal(['Beloved', 'Dune', 'Emma'])
      expect(await entryBooks('dan')).to.deep.equal(['Beloved'])
      // Shares: one's own, and those naming one.
      expect(await as.dan!('wishlist_shares').select('*')).to.have.length(0)
      expect(await as.ben!('wishlist_shares').pluck('shared_with')).to.deep.equal([id.ben])
    })

    it('claims: seen by everyone who may see the list, never by its owner', async () => {
      await benClaimsDune()
      expect((await claimsSeen('ben')).map((claim) => claim.claimer_id)).to.deep.equal([id.ben])
      expect((await claimsSeen('cy')).map((claim) => claim.claimer_id)).to.deep.equal([id.ben])
      expect(await claimsSeen('ada')).to.deep.equal([])
      expect(await claimsSeen('dan')).to.deep.equal([])
      // Not by a join, a count or a function over the table either.
      expect((await as.ada!.raw('select count(*)::int as n from claims')).rows[0].n).to.equal(0)
      expect(
        (await as.ada!.raw('select count(*)::int as n from wishlist_entries e join claims c on c.book_id = e.book_id')).rows[0].n,
      ).to.equal(0)
      // The admin (the tables' owner) still sees it.
      expect(await db.knex('claims').pluck('claimer_id')).to.deep.equal([id.ben])
    })

    it('a book has at most one claim; a list one cannot see cannot be claimed', async () => {
      await benClaimsDune()
      const second = await as.cy!('claims')
        .insert({ wishlist_id: id.Birthday, user_id: id.ada, book_id: id.Dune, claimer_id: id.cy })
        .catch((error) => error)
      expect(second.code).to.equal('23505')
      const hidden = await as.dan!('claims')
        .insert({ wishlist_id: id.Birthday, user_id: id.ada, book_id: id.Emma, claimer_id: id.dan })
        .catch((error) => error)
      expect(hidden.code).to.equal('42501')
      // Nor in another's name, nor on one's own list.
      const forged = await as.cy!('claims')
        .insert({ wishlist_id: id.Birthday, user_id: id.ada, book_id: id.Emma, claimer_id: id.ben })
        .catch((error) => error)
      expect(forged.code).to.equal('42501')
      expect(await db.knex('claims').count({ n: '*' })).to.deep.equal([{ n: 1 }])
    })

    it("insert, update and delete on another user's rows change nothing", async () => {
      await benClaimsDune()
      const before = await everything(db.knex)
      const ben = as.ben!
      const cy = as.cy!
      const ada = as.ada!
      const rowCounts = [
        await ben('wishlists').where({ user_id: id.ada }).update({ name: 'hacked' }),
        await ben('wishlists').where({ user_id: id.ada }).update({ public: true }),
        await ben('wishlists').where({ user_id: id.ada }).del(),
        await ben('wishlist_entries').where({ user_id: id.ada }).del(),
        await ben('wishlist_entries').where({ user_id: id.ada }).update({ added_at: new Date(0) }),
        await ben('wishlist_shares').where({ user_id: id.ada }).del(),
        await ben.raw('update wishlists set user_id = ? where id = ?', [id.ben, id.Birthday]).then((result) => result.rowCount),
        // Cy cannot take or drop Ben's claim; Ada cannot touch the claims on her list.
        await cy('claims').update({ claimer_id: id.cy }),
        await cy('claims').update({ note: 'mine now' }),
        await cy('claims').del(),
        await ada('claims').del(),
        await ada('claims').update({ note: 'seen' }),
      ]
      expect(rowCounts).to.deep.equal(Array(rowCounts.length).fill(0))
      const refused = [
        await ben('wishlist_entries').insert({ wishlist_id: id.Birthday, user_id: id.ada, book_id: id.Ulysses }).catch((e) => e.code),
        await ben('wishlists').insert({ user_id: id.ada, name: 'Planted' }).catch((e) => e.code),
        await ben('wishlist_shares').insert({ wishlist_id: id.Secret, user_id: id.ada, shared_with: id.ben }).catch((e) => e.code),
        // Sharing one's own list pretends nothing: the pair must be one's own list.
        await ben('wishlist_shares').insert({ wishlist_id: id.Secret, user_id: id.ben, shared_with: id.ben }).catch((e) => e.code),
        await ben('users').where({ id: id.ada }).update({ email: 'x@example.com' }).catch((e) => e.code),
        await ben('users').where({ id: id.ben }).update({ role: roles.names.ada }).catch((e) => e.code),
        await ben('books').where({ id: id.Dune }).del().catch((e) => e.code),
      ]
      expect(refused.every((code) => code === '42501' || code === '23503' || code === '23514'), String(refused)).to.equal(true)
      expect(await everything(db.knex)).to.deep.equal(before)
    })

    it("the owner's own changes work, and removing a claimed book ends the claim", async () => {
      await benClaimsDune()
      const ada = as.ada!
      expect(await ada('wishlists').where({ id: id.Birthday }).update({ name: 'Birthday 40' })).to.equal(1)
      await ada('wishlist_entries').insert({ wishlist_id: id.Birthday, user_id: id.ada, book_id: id.Ulysses })
      expect(await ada('wishlist_shares').where({ wishlist_id: id.Birthday, shared_with: id.cy }).del()).to.equal(1)
      expect(await ada('wishlist_entries').where({ wishlist_id: id.Birthday, book_id: id.Dune }).del()).to.equal(1)
      const [claim] = await db.knex('claims').select('*')
      expect(claim.left_at).to.be.instanceOf(Date)
      // Cy no longer sees Birthday; Ben still sees his claim (it says the book left).
      expect(await listNames('cy')).to.deep.equal(['Ben public', 'Cy private'])
      expect((await claimsSeen('ben')).map((c) => c.book_id)).to.deep.equal([id.Dune])
      // Ben drops his claim.
      expect(await as.ben!('claims').del()).to.equal(1)
    })

    it('a member role linked to no user sees no list and changes nothing', async () => {
      await db.knex('users').where({ id: id.dan }).update({ role: null })
      expect(await listNames('dan')).to.deep.equal([])
      expect(await as.dan!('wishlist_entries').del()).to.equal(0)
      const code = await as.dan!('wishlists').insert({ user_id: id.dan, name: 'Mine' }).catch((e) => e.code)
      expect(code).to.equal('42501')
    })
  })
}

async function everything(knex: Knex) {
  return {
    users: await knex('users').orderBy('id'),
    books: await knex('books').orderBy('id'),
    wishlists: await knex('wishlists').orderBy('id'),
    entries: await knex('wishlist_entries').orderBy(['wishlist_id', 'book_id']),
    shares: await knex('wishlist_shares').orderBy(['wishlist_id', 'shared_with']),
    claims: await knex('claims').orderBy('id'),
  }
}

function databaseName(db: TestDatabase): string {
  if (db.target.kind !== 'server') throw new Error('a server database')
  return new URL(db.target.url).pathname.slice(1)
}
