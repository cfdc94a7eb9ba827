import type { Knex } from 'knex'

// Book search (`wishlist books QUERY`, free-text BOOK arguments, the picker) matches
// words anywhere in title and author. A trigram index makes `like '%word%'` an index
// scan, so the cost does not grow with the catalogue.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pg_trgm')
  await knex.raw(`alter table books add column search_text text
                  generated always as (lower(title || ' ' || coalesce(author, ''))) stored`)
  await knex.raw('create index books_search_text_trgm on books using gin (search_text gin_trgm_ops)')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index books_search_text_trgm')
  await knex.raw('alter table books drop column search_text')
  // The extension stays: other schemas in the database may use it.
}
