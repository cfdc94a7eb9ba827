import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('books', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.text('title').notNullable()
    table.text('author')
    // Normalised ISBN-13 digits; several books may have none, so unique only when present
    // (a plain unique constraint already ignores NULLs).
    table.text('isbn').unique()
    table.date('publication_date')
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
  })
  await knex.raw(`alter table books add constraint books_isbn_format check (isbn ~ '^[0-9]{13}$')`)
  await knex.raw(`alter table books add constraint books_title_not_blank check (btrim(title) <> '')`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('books')
}
