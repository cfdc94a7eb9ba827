import type { Knex } from 'knex'

// Who "I" am on a server, enforced by the database (docs/sharing.md). Every person
// logs in as their own PostgreSQL role, linked to their user (users.role); the
// group role of this database holds the table privileges, and row-level security
// lets a member see only their own lists, lists shared with them and public lists,
// never the claims on their own lists, and change only their own rows.
//
// Identity comes from current_user (the role), never from a session variable: a
// pooler in transaction mode (PgBouncer) hands connections from client to client,
// and a session setting would follow the connection, not the person.
//
// The group role is per database (roles are cluster-wide): wishlist_member_<database>,
// or wishlist_member_<md5 of it> when that would be longer than a role name may be.
// Its name is kept in the function wishlist_member_role(), so renaming the database
// changes nothing. The administrator is the role that owns the tables (it runs
// `db migrate`): as owner it is not subject to row-level security, nor is a superuser
// (the embedded database's connection is one).
const TABLES = ['wishlists', 'wishlist_entries', 'wishlist_shares', 'claims']

/** Me: the user linked to the role running the statement; null for anyone else. */
const ME = '(select wishlist_me())'
/** The list of this row is one that I may see (row-level security on wishlists says so). */
const VISIBLE_LIST = (table: string) =>
  `exists (select 1 from wishlists w where w.id = ${table}.wishlist_id and w.user_id = ${table}.user_id)`

const POLICIES: { table: string; name: string; command: string; using?: string; check?: string }[] = [
  {
    table: 'wishlists',
    name: 'wishlists_visible',
    command: 'select',
    using: `user_id = ${ME} or (public and ${ME} is not null) or exists (select 1 from wishlist_shares s
              where s.wishlist_id = wishlists.id and s.user_id = wishlists.user_id and s.shared_with = ${ME})`,
  },
  { table: 'wishlists', name: 'wishlists_own_insert', command: 'insert', check: `user_id = ${ME}` },
  { table: 'wishlists', name: 'wishlists_own_update', command: 'update', using: `user_id = ${ME}`, check: `user_id = ${ME}` },
  { table: 'wishlists', name: 'wishlists_own_delete', command: 'delete', using: `user_id = ${ME}` },

  { table: 'wishlist_entries', name: 'entries_visible', command: 'select', using: `user_id = ${ME} or ${VISIBLE_LIST('wishlist_entries')}` },
  { table: 'wishlist_entries', name: 'entries_own_insert', command: 'insert', check: `user_id = ${ME}` },
  { table: 'wishlist_entries', name: 'entries_own_update', command: 'update', using: `user_id = ${ME}`, check: `user_id = ${ME}` },
  { table: 'wishlist_entries', name: 'entries_own_delete', command: 'delete', using: `user_id = ${ME}` },

  { table: 'wishlist_shares', name: 'shares_visible', command: 'select', using: `user_id = ${ME} or shared_with = ${ME}` },
  { table: 'wishlist_shares', name: 'shares_own_insert', command: 'insert', check: `user_id = ${ME}` },
  { table: 'wishlist_shares', name: 'shares_own_delete', command: 'delete', using: `user_id = ${ME}` },

  // Never the claims on my own lists, whoever made them; my own claims, and those on
  // lists I may see.
  {
    table: 'claims',
    name: 'claims_visible',
    command: 'select',
    using: `user_id <> ${ME} and (claimer_id = ${ME} or ${VISIBLE_LIST('claims')})`,
  },
  { table: 'claims', name: 'claims_own_insert', command: 'insert', check: `claimer_id = ${ME} and user_id <> ${ME} and ${VISIBLE_LIST('claims')}` },
  { table: 'claims', name: 'claims_own_update', command: 'update', using: `claimer_id = ${ME}`, check: `claimer_id = ${ME} and user_id <> ${ME}` },
  { table: 'claims', name: 'claims_own_delete', command: 'delete', using: `claimer_id = ${ME}` },
]

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`do $$
    declare
      member text := 'wishlist_member_' || current_database();
    begin
      if length(member) > 63 then member := 'wishlist_member_' || md5(current_database()); end if;
      execute format('create function wishlist_member_role() returns name language sql immutable as %L',
                     format('select %L::name', member));
    end $$`)
  // Plain SQL with the caller's rights: current_user is the role running the query.
  await knex.raw(`create function wishlist_me() returns uuid language sql stable
    as $$ select id from users where role = current_user::text $$`)

  // The role exists already when another database of this name had it (dropped and
  // made again) or an administrator made it beforehand: it is used as it is. Without
  // the right to create roles, the migration goes on without it and says so; the
  // tables are then closed to every role but their owner.
  await knex.raw(`do $$
    declare
      member name := wishlist_member_role();
      may_create boolean := (select rolsuper or rolcreaterole from pg_roles where rolname = current_user);
    begin
      if not exists (select from pg_roles where rolname = member) then
        if not may_create then
          raise notice 'wishlist: role % not created (% may not create roles); see docs/sharing.md', member, current_user;
          return;
        end if;
        execute format('create role %I nologin', member);
      end if;
      execute format('grant usage on schema %I to %I', current_schema(), member);
      execute format('grant select on users, books, knex_migrations, knex_migrations_lock to %I', member);
      execute format('grant insert on books to %I', member);
      execute format('grant select, insert, update, delete on wishlists, wishlist_entries, claims to %I', member);
      execute format('grant select, insert, delete on wishlist_shares to %I', member);
    end $$`)

  for (const table of TABLES) await knex.raw(`alter table ?? enable row level security`, [table])
  for (const policy of POLICIES) {
    const using = policy.using ? ` using (${policy.using})` : ''
    const check = policy.check ? ` with check (${policy.check})` : ''
    // `to public`, not to the group role: a role made after this migration is covered
    // too, and a role without privileges is stopped by the grants anyway.
    await knex.raw(`create policy ?? on ?? for ${policy.command} to public${using}${check}`, [policy.name, policy.table])
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const policy of POLICIES) await knex.raw('drop policy ?? on ??', [policy.name, policy.table])
  for (const table of TABLES) await knex.raw(`alter table ?? disable row level security`, [table])
  await knex.raw(`do $$
    declare
      member name := wishlist_member_role();
    begin
      if exists (select from pg_roles where rolname = member) then
        execute format('revoke all on users, books, knex_migrations, knex_migrations_lock, wishlists, wishlist_entries, wishlist_shares, claims from %I', member);
        execute format('revoke usage on schema %I from %I', current_schema(), member);
        begin
          execute format('drop role %I', member);
        exception when others then
          raise notice 'wishlist: role % kept: %', member, sqlerrm;
        end;
      end if;
    end $$`)
  await knex.raw('drop function wishlist_me()')
  await knex.raw('drop function wishlist_member_role()')
}
