import type { Knex } from 'knex'

/**
 * One sample of every class of character that must not reach a terminal raw
 * (src/output/safe-text.ts), written out here rather than imported, so the tests
 * check the sanitiser instead of agreeing with it. NUL is left out: PostgreSQL text
 * cannot hold it.
 */
export const HOSTILE = {
  'OSC retitle': '\u001b]0;pwned\u0007',
  'CSI clear screen': '\u001b[2J',
  'CSI report cursor (types into the shell)': '\u001b[6n',
  'C1 CSI': '\u009b2J',
  'C1 OSC': '\u009d0;pwned\u009c',
  'DEL': '\u007f',
  'carriage return': '\r',
  'tab and newline': '\t\n',
  'bidi override and marks': '\u202e\u202a\u200e\u200f\u061c',
  'bidi isolates': '\u2066\u2067\u2068\u2069',
  'zero-width': '\u200b\u200c\u200d\u2060\ufeff',
  'line and paragraph separators': '\u2028\u2029',
}

const ALL = Object.values(HOSTILE).join('')
export const HOSTILE_TITLE = `Title ${ALL} end`
export const HOSTILE_LIST = `List ${ALL} end`
export const HOSTILE_NAME = `Mallory ${ALL}`
export const HOSTILE_EMAIL = 'mallory@example.com'

/** Anything a terminal could act on or that hides text, except the newline between lines. */
// eslint-disable-next-line no-control-regex
export const UNSAFE_ON_TERMINAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u

/** What JSON.stringify leaves raw and --json must escape (C0 it escapes itself). */
export const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u

/** A user with a hostile first name, a hostile list, and a hostile book on it. */
export async function insertHostile(knex: Knex): Promise<{ userId: string; listId: string; bookId: string }> {
  const [user] = await knex('users').insert({ email: HOSTILE_EMAIL, first_name: HOSTILE_NAME, last_name: HOSTILE_NAME }).returning('id')
  const [list] = await knex('wishlists').insert({ user_id: user.id, name: HOSTILE_LIST }).returning('id')
  const [book] = await knex('books').insert({ title: HOSTILE_TITLE, author: HOSTILE_NAME }).returning('id')
  await knex('wishlist_entries').insert({ wishlist_id: list.id, user_id: user.id, book_id: book.id })
  return { userId: user.id, listId: list.id, bookId: book.id }
}
