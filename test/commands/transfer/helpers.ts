import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import type { Knex } from 'knex'
import type { TestDatabase } from '../../helpers/databases.js'

export const READER = 'reader@example.com'
export const AS_READER = ['--user', READER]

/** The real Goodreads export, read where the fixture README says (never copied); WISHLIST_SHARED_DIR names another ../shared (a git worktree's). */
export const GOODREADS_2020 = process.env.WISHLIST_SHARED_DIR
  ? `${process.env.WISHLIST_SHARED_DIR}/fixtures/goodreads/goodreads_library_export_2020.csv`
  : fileURLToPath(new URL('../../../../shared/fixtures/goodreads/goodreads_library_export_2020.csv', import.meta.url))
/** The licensed 2017 export, copied into the repository with its notice (LICENSE-mouse-reeve). */
export const GOODREADS_2017 = fileURLToPath(new URL('../../fixtures/goodreads/goodreads-mouse-reeve-2017.csv', import.meta.url))
export const STORYGRAPH = fileURLToPath(new URL('../../fixtures/storygraph_export.csv', import.meta.url))
export const BROKEN_ROWS = fileURLToPath(new URL('../../fixtures/broken_rows.csv', import.meta.url))

/**
 * ../shared sits beside a development clone, not beside a user's: tests of the 2020
 * export skip without it, with a one-line note, except under CI=true.
 */
export const SHARED_AVAILABLE = existsSync(GOODREADS_2020)
if (!SHARED_AVAILABLE && process.env.CI === 'true') throw new Error(`CI=true and ${GOODREADS_2020} is missing`)
let sharedNoted = false

/** `it`, skipped with a note when ../shared/fixtures is not beside the clone. */
export function itWithShared(title: string, test: (this: Mocha.Context) => unknown): void {
  it(title, async function () {
    if (!SHARED_AVAILABLE) {
      if (!sharedNoted) console.warn(`    (skipped: no ${GOODREADS_2020}; tests of the 2020 Goodreads export need ../shared)`)
      sharedNoted = true
      this.skip()
    }
    await test.call(this)
  })
}

/** An empty database with one user, who has no lists yet. */
export async function emptyWithReader(db: TestDatabase): Promise<string> {
  await db.truncate()
  const [user] = await db.knex('users').insert({ email: READER, first_name: 'Rea', last_name: 'Der' }).returning('id')
  return user.id
}

export { snapshot } from '../fixtures.js'

/** The books of the reader's list, the way `show --json` compares across databases. */
export async function listContents(knex: Knex, listName: string) {
  return knex('wishlist_entries as e')
    .join('wishlists as w', 'w.id', 'e.wishlist_id')
    .join('books as b', 'b.id', 'e.book_id')
    .whereRaw('lower(w.name) = lower(?)', [listName])
    .select('b.title', 'b.author', 'b.isbn', 'b.publication_date', 'e.added_at')
    .orderBy(['e.added_at', 'b.title'])
}

/** ISBN-10/13 check digits, written here independently of the code under test. */
export function validIsbn(value: string): boolean {
  if (/^\d{13}$/.test(value)) {
    return [...value].reduce((sum, digit, index) => sum + Number(digit) * (index % 2 ? 3 : 1), 0) % 10 === 0
  }
  if (/^\d{9}[\dX]$/.test(value)) {
    return [...value].reduce((sum, char, index) => sum + (char === 'X' ? 10 : Number(char)) * (10 - index), 0) % 11 === 0
  }
  return false
}

/**
 * What the Goodreads fixture should give, counted from the file itself: the rows on
 * the to-read shelf, and among them those with no ISBN at all or only invalid ones.
 */
export function goodreadsExpectations(shelf = 'to-read', file = GOODREADS_2020) {
  if (!existsSync(file)) return { total: 0, toRead: [], noIsbn: [], invalidIsbn: [] }
  const rows: Record<string, string>[] = parse(readFileSync(file), { columns: true, bom: true })
  const strip = (value: string) => value.replace(/^="(.*)"$/, '$1').trim()
  const toRead = rows.filter(
    (row) => row['Exclusive Shelf'] === shelf || row['Bookshelves']!.split(',').map((s) => s.trim()).includes(shelf),
  )
  const isbnsOf = (row: Record<string, string>) => [strip(row['ISBN13']!), strip(row['ISBN']!)].filter(Boolean)
  const noIsbn = toRead.filter((row) => isbnsOf(row).length === 0)
  const invalidIsbn = toRead.filter((row) => isbnsOf(row).length > 0 && !isbnsOf(row).some(validIsbn))
  return { total: rows.length, toRead, noIsbn, invalidIsbn }
}
