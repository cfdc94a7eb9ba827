import type { Knex } from 'knex'
import type { ImportBook } from '../domain/transfer/rows.js'
import { addEntriesFromTable } from './entries.js'
import type { Wishlist } from './wishlists.js'

export interface ImportCounts {
  booksCreated: number
  booksMatched: number
  entriesAdded: number
  entriesExisting: number
  /** Rows that named a book an earlier row of the file already named. */
  duplicates: { line: number; firstLine: number }[]
}

/**
 * Rows per staging statement: each is one round trip carrying one JSON document of
 * about 100 KB. Small on purpose: rows waiting for their statement are what an
 * import holds in memory (100,000 Goodreads rows: 88 MB peak at 500, 98 MB at 2,000,
 * 116 MB at 10,000), and on a local server 200 statements take no longer than 10.
 */
export const STAGE_BATCH = 500

/**
 * The title-and-author key books match on when ISBNs cannot decide: case and all
 * whitespace ignored, hashed so that a long title and author still fit a btree row.
 * Computed by PostgreSQL on both sides, so the file's rows and the catalogue are
 * normalised by the same code. The books side is a unique index (migration
 * 20261201000008, with the ISBN): its expression must stay this one.
 */
export const matchKey = (title: string, author: string) =>
  `md5(lower(regexp_replace(${title}, '\\s+', '', 'g')) || chr(31) || lower(regexp_replace(coalesce(${author}, ''), '\\s+', '', 'g')))`

/**
 * Puts a file's books on a list with a fixed number of set-based statements,
 * whatever the number of rows (never one round trip per row). Must run inside the
 * caller's transaction: the staging table lives until it commits or rolls back.
 *
 * Matching (docs/import-export.md): a row takes the book with its ISBN; else a
 * book with the same title and author, when the row or that book has no ISBN
 * (two ISBNs that differ are two editions); else, for a row with neither ISBN nor
 * author, the one book with its title; else a new book, shared by every row of the
 * file that would match it. Imports running at once never create one book twice:
 * books_match_key is unique for books without ISBN, and the inserts pass over a
 * book another import has just added, then match it.
 */
/** What the import does once the file is staged, in this order (told for progress on a terminal). */
export type ImportStep = 'matching' | 'creating' | 'adding'

export async function importBooks(
  trx: Knex.Transaction,
  list: Wishlist,
  books: AsyncIterable<ImportBook[]>,
  onStep: (step: ImportStep) => void = () => {},
): Promise<ImportCounts> {
  // No indexes: every statement below reads the whole table (hash joins), and each
  // UPDATE would have to change every index of every row it attaches to a book.
  await trx.raw(`create temporary table import_rows (
      line int not null, title text not null, author text, isbn text, publication_date text,
      added_at timestamptz, match_key text, book_id uuid
    ) on commit drop`)
  // Books are staged as they come, STAGE_BATCH at a time, while the caller reads
  // on: the next batch is read while the database inserts the one before (one
  // statement in flight at a time). Each book is kept only as its JSON text until
  // its batch goes, so a large file never piles up in memory.
  let batch: string[] = []
  let staging: Promise<void> = Promise.resolve()
  let staged = 0
  for await (const some of books) {
    staged += some.length
    for (const book of some) batch.push(stagedRow(book))
    if (batch.length >= STAGE_BATCH) {
      await staging
      staging = stage(trx, batch)
      // Its error is thrown where it is awaited, not reported as unhandled before.
      staging.catch(() => {})
      batch = []
    }
  }
  await staging
  if (batch.length > 0) await stage(trx, batch)
  await trx.raw('analyze import_rows')
  onStep('matching')

  // Each pass attaches books to rows that have none yet, and reads the whole staging
  // table to find them: once every row has its book, the passes left are skipped.
  let unmatched = staged
  const match = async (pass: (trx: Knex.Transaction) => Promise<number>) => {
    if (unmatched > 0) unmatched -= await pass(trx)
  }
  await match(matchByIsbn)
  await match(matchByTitleAuthor)
  await match(matchByTitleOnly)
  onStep('creating')
  // New books with ISBNs: one per ISBN. ON CONFLICT covers a book with that ISBN
  // added by someone else since the match above (an import running at the same time
  // waits here for the other to commit); the next match picks it up. No conflict
  // target: every unique index is an arbiter, so a book racing in on the other one
  // (books_match_key) is passed over too instead of failing the import.
  const withIsbn = await trx.raw(`
    insert into books (title, author, isbn, publication_date)
    select distinct on (isbn) title, author, isbn, publication_date
    from import_rows where book_id is null and isbn is not null order by isbn, line
    on conflict do nothing`)
  await match(matchByIsbn)
  // Rows without ISBNs may name a book just created from a row with one.
  await match(matchByTitleAuthor)
  // In key order, so two imports inserting the same keys wait for each other in the
  // same order instead of deadlocking; a key another import has added is passed
  // over (books_match_key is unique for books without ISBN) and matched below.
  const withoutIsbn = await trx.raw(`
    insert into books (title, author, publication_date)
    select distinct on (match_key) title, author, publication_date
    from import_rows where book_id is null order by match_key, line
    on conflict do nothing`)
  await match(matchByTitleAuthor)
  const booksCreated = (withIsbn.rowCount ?? 0) + (withoutIsbn.rowCount ?? 0)

  onStep('adding')
  const entriesAdded = await addEntriesFromTable(trx, list, 'import_rows')
  const [{ books: distinctBooks }] = (await trx.raw('select count(distinct book_id)::int as books from import_rows')).rows
  const duplicates = (
    await trx.raw(`select line, first_line from (
        select line, min(line) over (partition by book_id) as first_line from import_rows) r
      where line <> first_line order by line`)
  ).rows.map((row: { line: number; first_line: number }) => ({ line: row.line, firstLine: row.first_line }))
  return {
    booksCreated,
    booksMatched: distinctBooks - booksCreated,
    entriesAdded,
    entriesExisting: distinctBooks - entriesAdded,
    duplicates,
  }
}

/** One staged row as JSON, keyed by the column names json_to_recordset reads below. */
function stagedRow(book: ImportBook): string {
  return JSON.stringify({
    line: book.line,
    title: book.title,
    author: book.author,
    isbn: book.isbn,
    publication_date: book.publicationDate,
    added_at: book.addedAt,
  })
}

/**
 * One JSON document per batch, expanded by json_to_recordset: a multi-row insert
 * with a single bind parameter, so no limit on parameters and no quoting by hand.
 */
async function stage(trx: Knex.Transaction, rows: string[]): Promise<void> {
  await trx.raw(
    `insert into import_rows (line, title, author, isbn, publication_date, added_at, match_key)
     select r.*, ${matchKey('r.title', 'r.author')}
     from json_to_recordset(?::json)
          as r(line int, title text, author text, isbn text, publication_date text, added_at timestamptz)`,
    [`[${rows.join(',')}]`],
  )
}

/** Each matching pass returns the number of rows it found a book for. */
async function matchByIsbn(trx: Knex.Transaction): Promise<number> {
  const result = await trx.raw(`update import_rows r set book_id = b.id from books b
                 where r.book_id is null and r.isbn is not null and b.isbn = r.isbn`)
  return result.rowCount ?? 0
}

// For each row still without a book, the oldest book with the same key, looked up
// through the key's index (books_match_key): the cost follows the rows of the file,
// not the size of the catalogue. (As a join, the planner chose to compute the key of
// every book in the catalogue: about 0.6 s per pass for 100,000 books.)
async function matchByTitleAuthor(trx: Knex.Transaction): Promise<number> {
  const result = await trx.raw(`
    update import_rows r set book_id = m.book_id
    from (
      select r.line, b.id as book_id
      from import_rows r
      cross join lateral (
        select b.id from books b
        where ${matchKey('b.title', 'b.author')} = r.match_key and (r.isbn is null or b.isbn is null)
        order by b.created_at, b.id
        limit 1
      ) b
      where r.book_id is null
    ) m
    where r.line = m.line`)
  return result.rowCount ?? 0
}

// A row with neither ISBN nor author ("Kindred") is the book of that title when the
// catalogue has exactly one, whoever its author is. Looked up through the title
// index (books_title_prefix, written as its expression), two books at most per row.
async function matchByTitleOnly(trx: Knex.Transaction): Promise<number> {
  const result = await trx.raw(`
    update import_rows r set book_id = m.book_id
    from (
      select r.line, min(b.id::text)::uuid as book_id
      from import_rows r
      cross join lateral (
        select b.id from books b
        where lower(b.title) collate "C" = lower(r.title) collate "C"
        limit 2
      ) b
      where r.book_id is null and r.isbn is null and r.author is null
      group by r.line
      having count(*) = 1
    ) m
    where r.line = m.line`)
  return result.rowCount ?? 0
}
