import type { Knex } from 'knex'

// Every entry gets its place in the list's manual order, a priority and a note
// (issue 15). `position` is a sparse key, not a rank: entries are spaced GAP apart,
// so a move writes one row (a key between its new neighbours) and renumbers only a
// few neighbours when two keys are adjacent (docs/architecture.md, "Manual order").
// Unique per list, so no two entries share a place even under concurrent writers
// (which also lock the list row first: src/store/entries.ts).
//
// GAP must stay POSITION_GAP's in src/store/entries.ts.
const GAP = 65536

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table wishlist_entries
    add column position bigint,
    add column priority text not null default 'normal'
      constraint wishlist_entries_priority_check check (priority in ('low', 'normal', 'high')),
    add column note text
      constraint wishlist_entries_note_check check (char_length(note) between 1 and 500)`)
  // Existing entries keep their added order.
  await knex.raw(`update wishlist_entries e set position = r.n * ${GAP}
    from (select wishlist_id, book_id, row_number() over (partition by wishlist_id order by added_at, book_id) as n
          from wishlist_entries) r
    where e.wishlist_id = r.wishlist_id and e.book_id = r.book_id`)
  await knex.raw(`alter table wishlist_entries alter column position set not null`)
  // Also the index of "first", "last" and "the neighbour before" on every move.
  // user_id last: Citus needs it in every unique key (migration 20261202000030), and a
  // list has one owner, so this is (list, position) unique, ordered by position.
  await knex.raw(`alter table wishlist_entries
    add constraint wishlist_entries_position_unique unique (wishlist_id, position, user_id)`)
  // An insert that names no position (a script, an older seed) goes to the end: the
  // trigger locks the list row, as the commands do, so concurrent inserts queue.
  await knex.raw(`create function wishlist_entries_default_position() returns trigger language plpgsql as $$
    begin
      perform 1 from wishlists where id = new.wishlist_id for update;
      select coalesce(max(position), 0) + ${GAP} into new.position from wishlist_entries where wishlist_id = new.wishlist_id;
      return new;
    end $$`)
  await knex.raw(`create trigger wishlist_entries_default_position before insert on wishlist_entries
    for each row when (new.position is null) execute function wishlist_entries_default_position()`)
  // The sort form of the author's name when a source gives one (Goodreads' "Author
  // l-f": "Butler, Octavia E."); `show --sort author` uses it before the surname.
  await knex.raw(`alter table books add column author_sort text`)
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table books drop column author_sort`)
  await knex.raw(`drop trigger wishlist_entries_default_position on wishlist_entries`)
  await knex.raw(`drop function wishlist_entries_default_position()`)
  await knex.raw(`alter table wishlist_entries
    drop constraint wishlist_entries_position_unique,
    drop column position, drop column priority, drop column note`)
}
