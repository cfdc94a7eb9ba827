import type { Knex } from 'knex'

// Sharing (a list is private, shared with named users, or public) and claims ("I
// will get this"), docs/sharing.md. Every new table carries the list owner's user_id
// in its primary key and unique indexes, so it can be distributed by user with the
// lists (docs/scaling.md).
export async function up(knex: Knex): Promise<void> {
  // The PostgreSQL role a person logs in as on a server (`users link`); one user per role.
  await knex.raw('alter table users add column role text')
  await knex.raw('alter table users add constraint users_role_unique unique (role)')

  await knex.raw('alter table wishlists add column public boolean not null default false')

  await knex.raw(`create table wishlist_shares (
    wishlist_id uuid not null,
    user_id uuid not null,
    shared_with uuid not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    constraint wishlist_shares_pkey primary key (wishlist_id, user_id, shared_with),
    constraint wishlist_shares_list_fk foreign key (wishlist_id, user_id)
      references wishlists (id, user_id) on delete cascade,
    constraint wishlist_shares_not_self check (shared_with <> user_id)
  )`)
  // "Lists shared with me" (`lists --shared`, and every visibility check).
  await knex.raw('create index wishlist_shares_shared_with_index on wishlist_shares (shared_with)')

  // user_id is the list's owner (the distribution key), claimer_id who claimed.
  // left_at: the owner took the book off the list; the claim no longer holds, and the
  // claimer's `wishlist claims` says so. A book on a list has at most one claim that
  // holds (claims_one_per_book).
  await knex.raw(`create table claims (
    id uuid not null default gen_random_uuid(),
    wishlist_id uuid not null,
    user_id uuid not null,
    book_id uuid not null references books (id) on delete cascade,
    claimer_id uuid not null references users (id) on delete cascade,
    note text,
    claimed_at timestamptz not null default now(),
    left_at timestamptz,
    constraint claims_pkey primary key (id, user_id),
    constraint claims_list_fk foreign key (wishlist_id, user_id)
      references wishlists (id, user_id) on delete cascade,
    constraint claims_not_own_list check (claimer_id <> user_id)
  )`)
  await knex.raw('create unique index claims_one_per_book on claims (wishlist_id, user_id, book_id) where left_at is null')
  await knex.raw('create index claims_claimer_index on claims (claimer_id)')

  // When a book leaves a list (remove, a list's cascade), its claim stops holding.
  // security definer: the owner who removes the book cannot see the claims on their
  // own lists (row-level security), yet their delete must mark them.
  await knex.raw(`create function wishlist_claims_follow_entries() returns trigger
    language plpgsql security definer set search_path from current as $$
    begin
      update claims c set left_at = now()
        from removed_entries r
       where c.wishlist_id = r.wishlist_id and c.user_id = r.user_id and c.book_id = r.book_id
         and c.left_at is null;
      return null;
    end $$`)
  await knex.raw(`create trigger wishlist_entries_claims_leave after delete on wishlist_entries
    referencing old table as removed_entries for each statement
    execute function wishlist_claims_follow_entries()`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger wishlist_entries_claims_leave on wishlist_entries')
  await knex.raw('drop function wishlist_claims_follow_entries()')
  await knex.raw('drop table claims')
  await knex.raw('drop table wishlist_shares')
  await knex.raw('alter table wishlists drop column public')
  await knex.raw('alter table users drop column role')
}
