import type { Knex } from 'knex'

// Publication dates keep the precision they were given: a year ("1999"), a month
// ("1999-06") or a day ("1999-06-25"), ISO 8601 (src/domain/date.ts). A date column
// cannot say "only a year", so the column becomes text, checked here to be one of
// those three shapes (a full date also a real calendar day). Text in this form sorts
// as the dates do (the widths are fixed), with a year or a month before every day in
// it: `--sort published` puts "1999" at the start of 1999.
//
// Existing dates stay full dates. Those that came from a year only (a Goodreads
// import, Open Library's "2014", the seed catalogue) were stored as January 1st and
// cannot be told apart from a book really published on January 1st, so none is
// guessed at; `wishlist books edit BOOK --published 1999` fixes one
// (docs/import-export.md "Publication dates").
// {0,1}, not ?, which knex.raw would take for a binding.
const SHAPE = `publication_date ~ '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01])){0,1}){0,1}$'`
// PostgreSQL has no year 0; a day must exist (no 2023-02-30: the cast refuses it).
// CASE, not OR: only CASE promises the cast is never tried on a year or a month.
const CHECK = `${SHAPE} and publication_date !~ '^0000'
  and case when length(publication_date) = 10 then to_char(publication_date::date::timestamp, 'YYYY-MM-DD') = publication_date else true end`

export async function up(knex: Knex): Promise<void> {
  // to_char, not ::text, whose form follows the session's DateStyle.
  await knex.raw(`alter table books alter column publication_date type text using to_char(publication_date, 'YYYY-MM-DD')`)
  await knex.raw(`alter table books add constraint books_publication_date_iso check (${CHECK})`)
}

// Back to a date: a year becomes its January 1st and a month its first day, as they
// were stored before this migration (the precision is lost).
export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table books drop constraint books_publication_date_iso')
  await knex.raw(`alter table books alter column publication_date type date using (case length(publication_date)
      when 4 then publication_date || '-01-01' when 7 then publication_date || '-01' else publication_date end)::date`)
}
