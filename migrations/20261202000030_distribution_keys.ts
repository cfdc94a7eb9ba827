import type { Knex } from 'knex'

// Citus, distributing the user-owned tables by user_id, needs user_id in every primary
// key and unique constraint of a distributed table (docs/scaling.md;
// test/db/distribution-keys.test.ts reads the catalog to keep it so). The list's id
// still comes first, so lookups by list stay served by these indexes.
//
// wishlists: the primary key (id) becomes (id, user_id), which the unique constraint
// wishlists_id_user_id_unique already was (the target of the entries' foreign key):
// that key takes its place rather than doubling the index.
// wishlist_entries: (wishlist_id, book_id) becomes (wishlist_id, user_id, book_id).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table wishlist_entries drop constraint wishlist_entries_wishlist_owner_fk')
  await knex.raw('alter table wishlists drop constraint wishlists_id_user_id_unique')
  await knex.raw('alter table wishlists drop constraint wishlists_pkey')
  await knex.raw('alter table wishlists add constraint wishlists_pkey primary key (id, user_id)')
  await knex.raw(`alter table wishlist_entries add constraint wishlist_entries_wishlist_owner_fk
                  foreign key (wishlist_id, user_id) references wishlists (id, user_id) on delete cascade`)
  await knex.raw('alter table wishlist_entries drop constraint wishlist_entries_pkey')
  await knex.raw('alter table wishlist_entries add constraint wishlist_entries_pkey primary key (wishlist_id, user_id, book_id)')
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table wishlist_entries drop constraint wishlist_entries_pkey')
  await knex.raw('alter table wishlist_entries add constraint wishlist_entries_pkey primary key (wishlist_id, book_id)')
  await knex.raw('alter table wishlist_entries drop constraint wishlist_entries_wishlist_owner_fk')
  await knex.raw('alter table wishlists drop constraint wishlists_pkey')
  await knex.raw('alter table wishlists add constraint wishlists_pkey primary key (id)')
  await knex.raw('alter table wishlists add constraint wishlists_id_user_id_unique unique (id, user_id)')
  await knex.raw(`alter table wishlist_entries add constraint wishlist_entries_wishlist_owner_fk
                  foreign key (wishlist_id, user_id) references wishlists (id, user_id) on delete cascade`)
}
