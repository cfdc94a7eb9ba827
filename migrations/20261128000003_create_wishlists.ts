import type { Knex } from 'knex'

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('wishlists', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'))
    table.uuid('user_id').notNullable().references('id').inTable('users').onDelete('CASCADE')
    table.text('name').notNullable()
    table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now())
    // Target of the composite foreign key from wishlist_entries: an entry's user must
    // be the list's owner.
    table.unique(['id', 'user_id'], { indexName: 'wishlists_id_user_id_unique' })
  })
  await knex.raw(`alter table wishlists add constraint wishlists_name_not_blank check (btrim(name) <> '')`)
  // One "Reading" per user, whatever the case; also serves "lists of a user" lookups.
  await knex.raw('create unique index wishlists_user_name_lower_unique on wishlists (user_id, lower(name))')
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('wishlists')
}
