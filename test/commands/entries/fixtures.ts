import type { Knex } from 'knex'
import { catalogue } from '../../../seeds/data/catalogue.js'
import { SAMPLE, seedSampleData } from '../../../seeds/data/sample-data.js'
import type { TestDatabase } from '../../helpers/databases.js'

// The seeded records these tests lean on (seeds/data/sample-data.ts).
export const FRED = SAMPLE.fred.id
export const ADA = SAMPLE.ada.id
export const ADA_EMAIL = SAMPLE.ada.email
export const TO_READ = SAMPLE.toRead
export const GIFT_IDEAS = SAMPLE.giftIdeas
export const SOUP = SAMPLE.chickenSoup.id
/** "To read" holds catalogue[0..5]; these are on none of Ada's lists. */
export const onToRead = catalogue.slice(0, 6)
export const elsewhere = catalogue.slice(40, 48)
/** Free text that matches several books ("My Soul to Keep", "Chicken Soup for the Soul"). */
export const AMBIGUOUS = 'soul'

export async function seeded(db: TestDatabase): Promise<void> {
  await db.truncate()
  await seedSampleData(db.knex)
}

export async function bookIdByIsbn(knex: Knex, isbn: string): Promise<string> {
  return (await knex('books').where({ isbn }).first('id')).id
}

/** Every (list, book) pair of a user, to check that a failed command changed nothing. */
export async function snapshot(knex: Knex, userId: string) {
  return {
    lists: await knex('wishlists').where({ user_id: userId }).orderBy('id').pluck('name'),
    entries: await knex('wishlist_entries')
      .where({ user_id: userId })
      .orderBy(['wishlist_id', 'book_id'])
      .select('wishlist_id', 'book_id'),
  }
}

export async function listBookIsbns(knex: Knex, wishlistId: string): Promise<string[]> {
  return knex('wishlist_entries as e')
    .join('books as b', 'b.id', 'e.book_id')
    .where('e.wishlist_id', wishlistId)
    .orderBy('b.isbn')
    .pluck('b.isbn')
}

/** The ISBN-10 of a 978 ISBN-13, with hyphens, as a person might type it. */
export function isbn10(isbn13: string): string {
  const nine = isbn13.slice(3, 12)
  const sum = [...nine].reduce((total, digit, index) => total + Number(digit) * (10 - index), 0)
  const check = (11 - (sum % 11)) % 11
  return `${nine.slice(0, 1)}-${nine.slice(1, 4)}-${nine.slice(4)}-${check === 10 ? 'X' : check}`
}
