import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('wishlist_entries', (table) => {
    table.uuid('wishlist_id').notNullable()
    table.uuid('user_id').notNullable()
    table.uuid('book_id').notNullable().references('id').inTable('books').onDelete('CASCADE')
    table.timestamp('added_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    table.primary(['wishlist_id', 'book_id'])
    // Keeping user_id on every entry co-locates a user's rows, so the schema can be
    // distributed by user_id later (docs/scaling.md).
    table
      .foreign(['wishlist_id', 'user_id'], 'wishlist_entries_wishlist_owner_fk')
      .references(['id', 'user_id'])
      .inTable('wishlists')
      .onDelete('CASCADE')
    table.index(['book_id'], 'wishlist_entries_book_id_index')
  })
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('wishlist_entries')
}
