import { expect } from 'chai'
import { catalogue } from '../../seeds/data/catalogue.js'
import { originalBooks, originalUser, seedSampleData } from '../../seeds/data/sample-data.js'
import { describeEachBackend } from '../helpers/databases.js'

function isbn13Valid(isbn: string): boolean {
  if (!/^97[89]\d{10}$/.test(isbn)) return false
  const sum = [...isbn].reduce((total, digit, index) => total + Number(digit) * (index % 2 ? 3 : 1), 0)
  return sum % 10 === 0
}

describe('seed data', () => {
  it('has at least 100 catalogue books, every ISBN passing its checksum, none repeated', () => {
    const isbns = [...catalogue, ...originalBooks].map((book) => book.isbn)
    expect(catalogue.length).to.be.at.least(100)
    expect(isbns.filter((isbn) => !isbn13Valid(isbn))).to.deep.equal([])
    expect(new Set(isbns).size).to.equal(isbns.length)
    // The Goodreads export gives years only, and a year is kept as a year.
    for (const book of catalogue) expect(book.publication_date).to.match(/^\d{4}$/)
  })
})

describeEachBackend('seeds', (db) => {
  beforeEach(() => db().truncate())

  it('inserts the original API’s records with their exact ids', async () => {
    const { knex } = db()
    await seedSampleData(knex)
    const fred = await knex('users').where({ id: originalUser.id }).first()
    expect(fred).to.include({ email: 'fredr@neighborhood.com', first_name: 'Fred', last_name: 'Rogers' })
    const soup = await knex('books').where({ id: 'dfe3157b-b402-4104-a0eb-e54bee1210f0' }).first()
    expect(soup).to.include({
      title: 'Chicken Soup for the Soul 20th Anniversary Edition',
      author: 'Jack Canfield, Mark Victor Hansen, Amy Newmark',
      isbn: '9781611599138',
      publication_date: '2013-06-25',
    })
    const dummies = await knex('books').where({ id: '04856d91-c951-429c-a405-423300faf499' }).first()
    expect(dummies).to.include({ title: 'Python for Dummies', isbn: '9781118891452', publication_date: '2014-09-01' })
  })

  it('changes nothing when run twice', async () => {
    const { knex } = db()
    const snapshot = async () => ({
      users: await knex('users').orderBy('id'),
      books: await knex('books').orderBy('id'),
      wishlists: await knex('wishlists').orderBy('id'),
      entries: await knex('wishlist_entries').orderBy(['wishlist_id', 'book_id']),
    })
    await seedSampleData(knex)
    const first = await snapshot()
    await seedSampleData(knex)
    expect(await snapshot()).to.deep.equal(first)
    expect(first.books.length).to.equal(catalogue.length + 2)
    expect(first.entries.length).to.be.greaterThan(10)
  })
})
