import type { Knex } from 'knex'

// "A book without ISBN is never duplicated" made a database guarantee: parallel
// imports of one file each found no book for a title and each created one (400 books
// for 200 titles). The index is unique on (key, ISBN or ''): a title and author have
// at most one book without an ISBN, while editions with ISBNs may share them (the
// ISBN index keeps those apart). Its first column still serves the import's lookup
// by key, so it replaces books_match_key rather than adding a second index to every
// insert.
//
// The key is hashed (md5) because a btree row holds at most 2,704 bytes: the raw
// title and author of a long entry (1,000 characters of four-byte UTF-8 each) did not
// fit, and the insert failed with "index row too large". The expression must stay
// exactly matchKey's in src/store/imports.ts (test/db/schema.test.ts checks the
// planner uses it).
const KEY = `md5(lower(regexp_replace(title, '\\s+', '', 'g')) || chr(31) || lower(regexp_replace(coalesce(author, ''), '\\s+', '', 'g')))`
const OLD_KEY = `lower(regexp_replace(title, '\\s+', '', 'g')) || chr(31) || lower(regexp_replace(coalesce(author, ''), '\\s+', '', 'g'))`

export async function up(knex: Knex): Promise<void> {
  // Books made before this guarantee may already be duplicated: each group of books
  // without ISBN that share a key is merged into its oldest book.
  await knex.raw(`create temporary table book_merge as
    select id as duplicate, keep from (
      select id, first_value(id) over (partition by ${OLD_KEY} order by created_at, id) as keep
      from books where isbn is null) b
    where id <> keep`)
  // Entries move to the surviving book. A list can hold only one entry per book (its
  // primary key), so where it held several of the group, the survivor's own entry is
  // kept, else the earliest added; the others go. The subquery sees the table as it
  // was before this statement, so the entry it keeps is never deleted.
  await knex.raw(`delete from wishlist_entries e using book_merge m
    where e.book_id = m.duplicate and exists (
      select 1 from wishlist_entries o left join book_merge om on om.duplicate = o.book_id
      where o.wishlist_id = e.wishlist_id and coalesce(om.keep, o.book_id) = m.keep
        and (o.book_id = m.keep or (o.added_at, o.book_id) < (e.added_at, e.book_id)))`)
  await knex.raw(`update wishlist_entries e set book_id = m.keep from book_merge m where e.book_id = m.duplicate`)
  await knex.raw(`delete from books b using book_merge m where b.id = m.duplicate`)
  await knex.raw('drop table book_merge')
  await knex.raw('drop index books_match_key')
  await knex.raw(`create unique index books_match_key on books ((${KEY}), (coalesce(isbn, '')))`)
}

// Merged books stay merged: which entries were whose is not kept.
export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index books_match_key')
  await knex.raw(`create index books_match_key on books ((${OLD_KEY}))`)
}
