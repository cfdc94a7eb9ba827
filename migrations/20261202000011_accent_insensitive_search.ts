import type { Knex } from 'knex'

// Search ignores accents: "gomez" finds Jewelle L. Gómez, "zoe wicomb" Zoë Wicomb
// (src/store/books.ts searchBooks). Both indexed search texts are folded by one SQL
// function, wishlist_fold: unaccent (contrib, on PGlite, PostgreSQL 15 and later;
// trusted, so a database owner may create it) then lower case. unaccent() is only
// STABLE (it reads its dictionary by name), which an index or a generated column
// refuses; wishlist_fold names the dictionary by OID and is declared IMMUTABLE,
// the usual wrapper. Chosen over a folded column written from JavaScript: every
// writer (set-based import SQL, seeds, psql, books created online) stays right with
// no code of its own, and the index and the typed query fold by the same rules
// (unaccent also folds ß, æ, ø, ł, which NFD does not decompose).
//
// The function is not inlined (its body is not immutable), so it costs about a
// microsecond per row written; a query's folded constant is computed once, at plan
// time. A C-language immutable alias of unaccent_dict would be inlined but needs a
// superuser; this needs only the trusted extension.
// What folding costs the picker: docs/interactive.md "What a search matches".
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists unaccent')
  const { rows } = await knex.raw(`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'unaccent'`)
  const schema: string = rows[0].schema
  // A SQL-standard body binds its names now, whatever search_path later holds (a
  // dump restored with an empty search_path recomputes the column correctly).
  await knex.raw(`create function wishlist_fold(text) returns text
      language sql immutable strict parallel safe
      return lower(${schema}.unaccent('${schema}.unaccent'::regdictionary, $1))`)
  await knex.raw('drop index books_search_text_trgm')
  await knex.raw('alter table books drop column search_text')
  await knex.raw(`alter table books add column search_text text
                  generated always as (wishlist_fold(title || ' ' || coalesce(author, ''))) stored`)
  await knex.raw('create index books_search_text_trgm on books using gin (search_text gin_trgm_ops)')
  // Typing "emile" lists "Émile Zola" among the titles that start with it. A folded
  // title is at most 5 bytes per character (unaccent's longest rule, "㎮" to
  // "rad/s"): 500 characters still fit a btree row (src/domain/limits.ts).
  await knex.raw('drop index books_title_prefix')
  await knex.raw('create index books_title_prefix on books ((wishlist_fold(title) collate "C"), id)')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index books_title_prefix')
  await knex.raw('create index books_title_prefix on books ((lower(title) collate "C"), id)')
  await knex.raw('drop index books_search_text_trgm')
  await knex.raw('alter table books drop column search_text')
  await knex.raw(`alter table books add column search_text text
                  generated always as (lower(title || ' ' || coalesce(author, ''))) stored`)
  await knex.raw('create index books_search_text_trgm on books using gin (search_text gin_trgm_ops)')
  await knex.raw('drop function wishlist_fold(text)')
  // The extension stays: other schemas in the database may use it.
}
