import { expect } from 'chai'
import type { Knex } from 'knex'
import { describeEachBackend } from '../helpers/databases.js'

/**
 * Ready to distribute by user (docs/scaling.md): Citus needs the distribution column
 * in every primary key and unique index of a distributed table. Every table but the
 * reference tables (books, users) and knex's own grows with users, so each must carry
 * user_id, and each of its unique indexes must include it. Read from the catalog, so
 * a new table or key that forgets it fails here.
 */
const REFERENCE_TABLES = ['books', 'users']

async function userTables(knex: Knex): Promise<string[]> {
  const { rows } = await knex.raw(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relkind in ('r', 'p') and c.relpersistence = 'p'
        and c.relname <> all (?) and c.relname not like 'knex\\_migrations%'
      order by 1`,
    [REFERENCE_TABLES],
  )
  return rows.map((row: { name: string }) => row.name)
}

/** Tables without a user_id column, and unique indexes (primary keys included) without it. */
async function keysWithoutUserId(knex: Knex): Promise<string[]> {
  const tables = await userTables(knex)
  const { rows: missingColumn } = await knex.raw(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relname = any (?)
        and not exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'user_id' and not a.attisdropped)`,
    [tables],
  )
  const { rows: missingKey } = await knex.raw(
    `select c.relname || '.' || i.relname || case when x.indisprimary then ' (primary key)' else '' end as name
       from pg_index x
       join pg_class c on c.oid = x.indrelid
       join pg_class i on i.oid = x.indexrelid
       join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = current_schema() and c.relname = any (?) and x.indisunique
        and not exists (select 1 from pg_attribute a
                         where a.attrelid = c.oid and a.attname = 'user_id' and a.attnum = any (x.indkey::int2[]))
      order by 1`,
    [tables],
  )
  return [...missingColumn.map((row: { name: string }) => `${row.name} (no user_id column)`), ...missingKey.map((row: { name: string }) => row.name)]
}

describeEachBackend('distribution keys', (db) => {
  it('every user-owned table carries user_id, and every primary key and unique index includes it', async () => {
    const tables = await userTables(db().knex)
    expect(tables).to.include.members(['wishlists', 'wishlist_entries', 'wishlist_shares', 'claims'])
    expect(await keysWithoutUserId(db().knex)).to.deep.equal([])
  })

  it('the check fails for a table whose key lacks user_id', async () => {
    const trx = await db().knex.transaction()
    try {
      await trx.raw('create table scratch_notes (id uuid primary key, user_id uuid not null, body text unique)')
      await trx.raw('create table scratch_orphans (id uuid primary key)')
      expect(await keysWithoutUserId(trx)).to.deep.equal([
        'scratch_orphans (no user_id column)',
        'scratch_notes.scratch_notes_body_key',
        'scratch_notes.scratch_notes_pkey (primary key)',
        'scratch_orphans.scratch_orphans_pkey (primary key)',
      ])
    } finally {
      await trx.rollback()
    }
  })
})
