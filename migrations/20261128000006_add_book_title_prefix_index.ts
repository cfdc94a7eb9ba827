import type { Knex } from 'knex'

// The picker searches on every keystroke. For one or two characters the trigram index
// cannot help (a trigram needs three), so those match titles that start with what was
// typed, in this index's order: a range scan that stops after one screenful, however
// large the catalogue. "C" makes the order and the LIKE prefix range byte-wise, the
// same under every database collation; id breaks ties so the order is stable.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index books_title_prefix on books ((lower(title) collate "C"), id)')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index books_title_prefix')
}
