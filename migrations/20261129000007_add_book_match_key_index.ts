import type { Knex } from 'knex'

// An import matches rows without an ISBN to books by title and author, ignoring case
// and all whitespace (src/store/imports.ts, matchKey). Without this index each of its
// three matching passes computed the key for every book in the catalogue: about 0.6 s
// per pass for 100,000 books, whatever the size of the file. The expression must stay
// exactly matchKey's, or the planner cannot use the index (test/store/imports.test.ts
// checks that it does).
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index books_match_key on books ((
    lower(regexp_replace(title, '\\s+', '', 'g')) || chr(31) || lower(regexp_replace(coalesce(author, ''), '\\s+', '', 'g'))
  ))`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index books_match_key')
}
