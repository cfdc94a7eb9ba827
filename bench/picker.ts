/**
 * How fast is each keystroke of the book picker on a large catalogue?
 *
 *   npm run build && node dist/bench/picker.js [--books 100000] [--server postgres://...] [--keep]
 *
 * Creates a throwaway database on the PostgreSQL server (default
 * postgres://postgres@127.0.0.1:5432/postgres, or $WISHLIST_BENCH_SERVER), migrates
 * it, loads the sample data plus N generated books (titles and authors made of words
 * from the real sample catalogue, valid ISBN-13s), then runs the picker's two queries
 * (searchBooks for 20 rows, then booksOnList to mark those on the list) for every
 * prefix of a few titles, an author and an ISBN, as a user typing them would. Each
 * term is timed 7 times; the median and the worst are printed. EXPLAIN ANALYZE shows
 * the plans for a few terms. The database is dropped at the end, whatever happens
 * (unless --keep, to look further with psql).
 */
import knexFactory, { type Knex } from 'knex'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { catalogue } from '../seeds/data/catalogue.js'
import { seedSampleData } from '../seeds/data/sample-data.js'
import '../src/db/pg-driver.js'
import { migrateLatest } from '../src/db/schema.js'
import { foldText, searchBooks } from '../src/store/books.js'
import { booksOnList } from '../src/store/entries.js'

const PICKER_ROWS = 20
const RUNS = 7
const TYPED = ['The Intuitionist', 'and', 'ing', 'How to Cook a Wolf', 'octavia butler', 'the hundred thousand', '9780385493000', 'conceicao evaristo', 'taïa']

const { values } = parseArgs({
  options: {
    books: { type: 'string', default: '100000' },
    keep: { type: 'boolean', default: false },
    server: { type: 'string', default: process.env.WISHLIST_BENCH_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
})
const bookCount = Number(values.books)
const name = `wishlist_bench_${process.pid}`
const adminUrl = values.server!

const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } })
await admin.raw(`create database ${name}`)
const url = new URL(adminUrl)
url.pathname = `/${name}`
const knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 1, max: 1 } })
try {
  await load(knex, bookCount)
  await measure(knex)
  await explain(knex)
} finally {
  await knex.destroy()
  if (values.keep) console.log(`Kept the database ${name} (--keep); drop it when done.`)
  else {
    await admin.raw(`drop database if exists ${name} with (force)`)
    // The group role its migrations made (roles are cluster-wide): docs/sharing.md.
    await admin.raw('drop role if exists ??', [`wishlist_member_${name}`])
  }
  await admin.destroy()
}

async function load(knex: Knex, count: number): Promise<void> {
  const started = performance.now()
  await migrateLatest(knex)
  await seedSampleData(knex)
  // Words as often as they occur in the real titles ("the", "of" and "and" are common),
  // so common words cost what they would in a real catalogue.
  const titleWords = catalogue.flatMap((book) => book.title.split(/[\s:,()#]+/)).filter(Boolean)
  const authorWords = catalogue.flatMap((book) => book.author.split(/\s+/)).filter(Boolean)
  // One statement: 1-6 random title words, 2 author words, and an ISBN-13 in the 979
  // range (unused by the real catalogue) with a correct check digit.
  await knex.raw(
    `insert into books (title, author, isbn, publication_date)
     select array_to_string(array(select (?::text[])[1 + floor(random() * ?)::int]
                                  from generate_series(0, i % 6)), ' '),
            array_to_string(array(select (?::text[])[1 + floor(random() * ?)::int]
                                  from generate_series(0, 1 + i * 0)), ' '),
            d || ((10 - (select sum(substr(d, k, 1)::int * (case when k % 2 = 1 then 1 else 3 end))
                         from generate_series(1, 12) k) % 10) % 10)::text,
            to_char(date '1950-01-01' + (random() * 25000)::int, 'YYYY-MM-DD')
     from (select i, '979' || lpad(i::text, 9, '0') as d from generate_series(1, ?) i) s`,
    [titleWords, titleWords.length, authorWords, authorWords.length, count],
  )
  await knex.raw('analyze books')
  const { rows } = await knex.raw('select count(*)::int as n from books')
  console.log(`Loaded ${rows[0].n} books in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`)
}

/** The picker's queries for every prefix of each typed text. */
async function measure(knex: Knex): Promise<void> {
  const list = await knex('wishlists').first('id').where({ name: 'To read' })
  const server = (await knex.raw('show server_version')).rows[0].server_version
  console.log(`PostgreSQL ${server}; ${RUNS} runs per term; picker = searchBooks(${PICKER_ROWS}) + booksOnList\n`)
  console.log('term'.padEnd(24), 'matches'.padStart(8), 'median ms'.padStart(10), 'worst ms'.padStart(9))
  let worst = { term: '', ms: 0 }
  for (const text of TYPED) {
    for (let length = 1; length <= text.length; length++) {
      const term = text.slice(0, length)
      if (term.endsWith(' ')) continue
      const times: number[] = []
      let found = 0
      for (let run = 0; run < RUNS; run++) {
        const started = performance.now()
        const books = await searchBooks(knex, term, PICKER_ROWS)
        await booksOnList(knex, list.id, books.map((book) => book.id))
        times.push(performance.now() - started)
        found = books.length
      }
      times.sort((a, b) => a - b)
      const median = times[Math.floor(RUNS / 2)]!
      const max = times.at(-1)!
      if (max > worst.ms) worst = { term, ms: max }
      const matches = await countMatches(knex, term)
      console.log(JSON.stringify(term).padEnd(24), String(matches).padStart(8), median.toFixed(1).padStart(10), max.toFixed(1).padStart(9), found < PICKER_ROWS ? `(${found} shown)` : '')
    }
  }
  console.log(`\nWorst single keystroke: ${worst.ms.toFixed(1)} ms for ${JSON.stringify(worst.term)}.\n`)
}

/** How many books the term matches (what a search without bounds would have to rank). */
async function countMatches(knex: Knex, term: string): Promise<number> {
  const text = await foldText(knex, term.trim())
  const words = text.split(/\s+/)
  const query =
    text.length < 3
      ? knex('books').whereRaw('wishlist_fold(title) like ?', [`${text}%`])
      : knex('books')
          .where((all) => {
            for (const word of words) all.whereRaw('search_text like ?', [`%${word}%`])
          })
          .orWhere('isbn', 'like', `${text}%`)
  const [row] = await query.count<{ count: string }[]>('* as count')
  return Number(row!.count)
}

/** EXPLAIN ANALYZE of each query a search sends, for a few terms: are the indexes used? */
async function explain(knex: Knex): Promise<void> {
  for (const term of ['t', 'the', 'ing', 'octavia butler', '978038', 'conceicao', 'taïa']) {
    for (const { sql, bindings } of await searchSql(knex, term)) {
      const { rows } = await knex.raw(`explain (analyze, costs off) ${sql}`, bindings as never)
      console.log(`EXPLAIN ANALYZE for ${JSON.stringify(term)}:`)
      for (const row of rows) console.log(`  ${row['QUERY PLAN']}`)
      console.log()
    }
  }
}

/** The SQL and bindings searchBooks sends for a term, caught from knex's query event. */
async function searchSql(knex: Knex, term: string): Promise<{ sql: string; bindings: unknown[] }[]> {
  const caught: { sql: string; bindings: unknown[] }[] = []
  // pg reports the native $1 placeholders; knex.raw wants ?.
  const listener = (query: { sql: string; bindings: unknown[] }) =>
    caught.push({ sql: query.sql.replace(/\$\d+/g, '?'), bindings: query.bindings })
  knex.on('query', listener)
  try {
    await searchBooks(knex, term, PICKER_ROWS)
  } finally {
    knex.removeListener('query', listener)
  }
  return caught
}
