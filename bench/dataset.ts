import type { Knex } from 'knex'
import { POSITION_GAP } from '../src/store/entries.js'

/** How big a generated database is. Every list holds about the same number of books
 * (entries / lists), so a larger dataset means more lists and books, not longer ones. */
export interface Size {
  books: number
  users: number
  entries: number
}

export const FULL: Size = { books: 100_000, users: 10_000, entries: 1_000_000 }
export const QUICK: Size = { books: 2_000, users: 200, entries: 20_000 }

/** The size 100x smaller, for the "does not grow with the database" check. The floor
 * keeps room for the bench user's 50-book list. */
export function hundredthOf(size: Size): Size {
  return {
    books: Math.max(100, Math.round(size.books / 100)),
    users: Math.max(2, Math.round(size.users / 100)),
    entries: Math.max(200, Math.round(size.entries / 100)),
  }
}

export const BENCH_USER = 'bench@example.com'
export const BENCH_LIST = 'Bench list'
export const BENCH_LIST_SIZE = 50
/** One vocabulary word: about 3% of titles contain it, like a word typed in the picker. */
export const SEARCH_QUERY = 'lantern'
/** Every generated user has these two lists. */
const LISTS_PER_USER = 2

const WORDS = `amber anchor apple arrow autumn badger banner beacon birch bitter blossom border
bramble bridge candle canyon castle cedar cinder clock cobalt comet copper coral crimson
crystal dagger dawn desert dragon dream eagle ember empire falcon feather fern forest
fortune fountain garden glacier golden granite harbor harvest hawk hollow horizon island
ivory jasper journey kingdom lantern legend lily marble meadow mirror monarch moon
mountain night oak ocean orchard owl paper pearl pepper pilgrim prairie quarry raven
river saffron sailor shadow silver sparrow spring stone storm summer thistle thunder
tiger timber tower valley velvet violet voyage willow winter`.split(/\s+/)
const FIRST = 'Ada Ben Clara Dev Elena Farid Grace Hugo Ines Jon Kiri Luis Mara Nils Omar Priya Quinn Rosa Sam Tove'.split(' ')
const LAST = 'Abe Brandt Costa Diaz Evans Fischer Garcia Hale Ito Jensen Kowal Lind Moreau Novak Okafor Park Quist Rossi Silva Tan'.split(' ')

const textArray = (items: string[]) => `array[${items.map((item) => `'${item}'`).join(',')}]::text[]`

/**
 * Fills an empty, migrated database with set-based SQL (generate_series, no row-by-row
 * round trips): books with valid ISBN-13s (978-0 group, so isbn3 accepts them), users
 * with two lists each, entries spread evenly over the lists, and the bench user's list.
 * Foreign-key triggers are skipped while loading (the data is consistent by
 * construction), then the tables are analysed so the planner sees their real size.
 */
export async function generate(knex: Knex, size: Size): Promise<void> {
  const perList = Math.min(size.books - 1, Math.floor(size.entries / (size.users * LISTS_PER_USER)))
  await knex.transaction(async (trx) => {
    await trx.raw('set local session_replication_role = replica')
    await trx.raw(`
      insert into books (title, author, isbn, publication_date)
      select initcap(w[1 + i % ${WORDS.length}] || ' ' || w[1 + (i / ${WORDS.length}) % ${WORDS.length}]
                     || ' ' || w[1 + (i * 37 + 11) % ${WORDS.length}]) || ' ' || i,
             f[1 + i % ${FIRST.length}] || ' ' || l[1 + (i / 7) % ${LAST.length}],
             base || (10 - (select sum(substr(base, k, 1)::int * (case when k % 2 = 1 then 1 else 3 end))
                            from generate_series(1, 12) k) % 10) % 10,
             to_char(date '1900-01-01' + (i * 13) % 45000, 'YYYY-MM-DD')
      from generate_series(0, ${size.books - 1}) i,
           lateral (select '9780' || lpad(i::text, 8, '0') as base) b,
           (select ${textArray(WORDS)} as w, ${textArray(FIRST)} as f, ${textArray(LAST)} as l) v`)
    await trx.raw(`
      insert into users (email, first_name, last_name)
      select 'user' || i || '@example.com', 'User', 'Number ' || i from generate_series(1, ${size.users}) i
      union all select '${BENCH_USER}', 'Bench', 'Reader'`)
    await trx.raw(`
      insert into wishlists (user_id, name, created_at)
      select u.id, n.name, now() - n.age from users u,
             (values ('To read', interval '2 days'), ('Gift ideas', interval '1 day')) n(name, age)
      where u.email <> '${BENCH_USER}'
      union all select id, '${BENCH_LIST}', now() from users where email = '${BENCH_USER}'`)
    // Books and lists numbered 0.., so entries can pick "book (list * a + k * b) mod N":
    // b is prime, so the books of one list are distinct.
    await trx.raw('create temp table bench_books on commit drop as select id, row_number() over (order by isbn) - 1 as n from books')
    await trx.raw('create index on bench_books (n)')
    await trx.raw(`create temp table bench_lists on commit drop as
                   select id, user_id, row_number() over (order by id) - 1 as n from wishlists where name <> '${BENCH_LIST}'`)
    await trx.raw(`
      insert into wishlist_entries (wishlist_id, user_id, book_id, added_at, position)
      select l.id, l.user_id, b.id, now() - k * interval '1 hour', (k + 1) * ${POSITION_GAP}
      from bench_lists l cross join generate_series(0, ${perList - 1}) k
      join bench_books b on b.n = (l.n * 7919 + k * 104729) % ${size.books}`)
    await trx.raw(`
      insert into wishlist_entries (wishlist_id, user_id, book_id, added_at, position)
      select w.id, w.user_id, b.id, now() - b.n * interval '1 minute', (b.n + 1) * ${POSITION_GAP}
      from wishlists w join bench_books b on b.n < ${BENCH_LIST_SIZE}
      where w.name = '${BENCH_LIST}'`)
  })
  await knex.raw('analyze')
}

/** The ISBN of the last generated book: never on the bench list, so `add` adds it. */
export async function bookToAdd(knex: Knex): Promise<string> {
  const row = await knex('books').max('isbn as isbn').first()
  return row!.isbn as string
}
