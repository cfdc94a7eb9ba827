import type { Knex } from 'knex'
import { catalogue } from './catalogue.js'

/** The original Wishlist Manager API's sample records, with their exact ids. */
export const originalUser = {
  id: '46bd51f9-e20b-4b4f-b5a7-f25339a34906',
  email: 'fredr@neighborhood.com',
  first_name: 'Fred',
  last_name: 'Rogers',
}

export const originalBooks = [
  {
    id: 'dfe3157b-b402-4104-a0eb-e54bee1210f0',
    title: 'Chicken Soup for the Soul 20th Anniversary Edition',
    author: 'Jack Canfield, Mark Victor Hansen, Amy Newmark',
    isbn: '9781611599138',
    publication_date: '2013-06-25',
  },
  {
    id: '04856d91-c951-429c-a405-423300faf499',
    title: 'Python for Dummies',
    author: 'John Paul Mueller',
    isbn: '9781118891452',
    publication_date: '2014-09-01',
  },
]

const sampleUsers = [
  originalUser,
  { id: 'a3c1e7a2-5b0e-4c41-9d55-0d6f1a1c2b01', email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
  { id: 'b7d2f8c3-6c1f-4d52-8e66-1e7a2b2d3c02', email: 'octavia@example.com', first_name: 'Octavia', last_name: 'Butler' },
]

/**
 * The sample records by name, for tests and examples (never retyped elsewhere):
 * users with their id and email, lists by id, the original API's books by id and ISBN.
 */
export const SAMPLE = {
  fred: { id: originalUser.id, email: originalUser.email },
  ada: { id: sampleUsers[1]!.id, email: sampleUsers[1]!.email },
  octavia: { id: sampleUsers[2]!.id, email: sampleUsers[2]!.email },
  toRead: 'c4e3a9d4-7d20-4e63-9f77-2f8b3c3e4d03',
  giftIdeas: 'd5f4bae5-8e31-4f74-a088-3a9c4d4f5e04',
  scienceFiction: 'e6a5cbf6-9f42-4a85-b199-4bad5e5a6f05',
  chickenSoup: { id: originalBooks[0]!.id, isbn: originalBooks[0]!.isbn },
  pythonForDummies: { id: originalBooks[1]!.id, isbn: originalBooks[1]!.isbn },
} as const

/** Lists with a few catalogue books each, by ISBN. Fred has none: his first `add` makes one. */
const sampleLists = [
  {
    id: SAMPLE.toRead,
    user_id: sampleUsers[1]!.id,
    name: 'To read',
    isbns: catalogue.slice(0, 6).map((book) => book.isbn),
  },
  {
    id: SAMPLE.giftIdeas,
    user_id: sampleUsers[1]!.id,
    name: 'Gift ideas',
    isbns: [originalBooks[1]!.isbn, ...catalogue.slice(10, 13).map((book) => book.isbn)],
  },
  {
    id: SAMPLE.scienceFiction,
    user_id: sampleUsers[2]!.id,
    name: 'Science fiction',
    isbns: catalogue.slice(20, 28).map((book) => book.isbn),
  },
]

/**
 * Inserts the sample data. Idempotent: every insert skips rows that already exist, so
 * running it twice (or on a database with user data) changes nothing that is there.
 */
export async function seedSampleData(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('users').insert(sampleUsers).onConflict().ignore()
    await trx('books').insert([...originalBooks, ...catalogue]).onConflict().ignore()
    await trx('wishlists')
      .insert(sampleLists.map(({ id, user_id, name }) => ({ id, user_id, name })))
      .onConflict()
      .ignore()
    for (const list of sampleLists) {
      await trx.raw(
        `insert into wishlist_entries (wishlist_id, user_id, book_id)
         select ?, ?, id from books where isbn = any(?)
         on conflict do nothing`,
        [list.id, list.user_id, list.isbns],
      )
    }
  })
}
