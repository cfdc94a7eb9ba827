import type { Knex } from 'knex'
import { latestMigration, migrations, migrationSource } from '../../migrations/index.js'
import { DatabaseError } from '../errors.js'
import { version } from '../version.js'

export const migratorConfig: Knex.MigratorConfig = { migrationSource }

export interface SchemaStatus {
  applied: string[]
  pending: string[]
}

export async function schemaStatus(knex: Knex): Promise<SchemaStatus> {
  await assertKnownMigrations(knex)
  const [completed, pending] = (await knex.migrate.list(migratorConfig)) as [
    { name: string }[],
    { name: string }[],
  ]
  return {
    applied: completed.map((migration) => migration.name),
    pending: pending.map((migration) => migrationSource.getMigrationName(migration as never)),
  }
}

export async function migrateLatest(knex: Knex): Promise<string[]> {
  await assertKnownMigrations(knex)
  const [, names] = (await knex.migrate.latest(migratorConfig)) as [number, string[]]
  return names
}

/**
 * Undoes the newest applied migration, or with `all` every one. Not knex's "last
 * batch": a database migrated in one go (every embedded one, made from the template)
 * is one batch, and undoing it would drop every table.
 */
export async function rollback(knex: Knex, all = false): Promise<string[]> {
  await assertKnownMigrations(knex)
  const [, names] = (
    all ? await knex.migrate.rollback(migratorConfig, true) : await knex.migrate.down(migratorConfig)
  ) as [number, string[]]
  return names
}

/** What a rollback would undo and what data it would destroy. */
export interface RollbackPlan {
  /** Newest first, as they would be undone. */
  migrations: string[]
  /** Tables that would be dropped, with their row counts. */
  tables: { name: string; rows: number }[]
  /** Stored columns that would be dropped from tables that stay ("books.notes"). */
  columns: string[]
}

/**
 * Finds out what `rollback(knex, all)` would destroy by doing it: the migrations' down
 * functions run in a transaction that is always rolled back, and the tables and
 * stored columns before and after are compared. Truer than a list kept by hand beside
 * the migrations, which a new migration could forget.
 */
export async function planRollback(knex: Knex, all: boolean): Promise<RollbackPlan> {
  await assertKnownMigrations(knex)
  const applied = new Set(await appliedMigrations(knex))
  const undo = migrations.filter((migration) => applied.has(migration.name)).reverse().slice(0, all ? undefined : 1)
  if (undo.length === 0) return { migrations: [], tables: [], columns: [] }
  const trx = await knex.transaction()
  try {
    const before = await storedColumns(trx)
    const tables = [...new Set(before.map((column) => column.table))]
    const rows = new Map<string, number>()
    for (const table of tables) {
      rows.set(table, Number((await trx.raw('select count(*) as n from ??', [table])).rows[0].n))
    }
    for (const migration of undo) await migration.down(trx)
    const after = await storedColumns(trx)
    const remaining = new Set(after.map((column) => column.table))
    const kept = new Set(after.map((column) => `${column.table}.${column.column}`))
    return {
      migrations: undo.map((migration) => migration.name),
      tables: tables.filter((table) => !remaining.has(table)).map((name) => ({ name, rows: rows.get(name)! })),
      columns: before
        .filter((column) => remaining.has(column.table) && !kept.has(`${column.table}.${column.column}`))
        .map((column) => `${column.table}.${column.column}`),
    }
  } finally {
    await trx.rollback()
  }
}

/** Columns that hold data (not generated ones) of the schema's tables, bar knex's own. */
async function storedColumns(knex: Knex): Promise<{ table: string; column: string }[]> {
  const result = await knex.raw(`select c.table_name as "table", c.column_name as "column"
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
     where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
       and c.is_generated = 'NEVER' and c.table_name not like 'knex\\_migrations%'
     order by c.table_name, c.ordinal_position`)
  return result.rows
}

/** Applied migrations, oldest first; none when knex_migrations does not exist. */
async function appliedMigrations(knex: Knex): Promise<string[]> {
  try {
    return (await knex.raw('select name from knex_migrations order by id')).rows.map((row: { name: string }) => row.name)
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return []
    throw error
  }
}

/**
 * The error for a database that a newer wishlist has migrated: its newest applied
 * migration is one this build does not have. Exported for every place that finds one
 * (commands, and the embedded server).
 */
export function newerVersionError(newestUnknown: string): DatabaseError {
  return new DatabaseError(
    `The database was migrated by a newer version of wishlist: its migration ${newestUnknown} is unknown to wishlist ${version}.`,
    'Upgrade wishlist, or point it at another database.',
  )
}

/**
 * knex's migrator answers a database with migrations it does not know with "The
 * migration directory is corrupt", from list, latest, down and rollback alike: say
 * instead that a newer wishlist migrated it, and which migration.
 */
export async function assertKnownMigrations(knex: Knex): Promise<void> {
  const known = new Set(migrations.map((migration) => migration.name))
  const unknown = (await appliedMigrations(knex)).filter((name) => !known.has(name))
  if (unknown.length > 0) throw newerVersionError(unknown[unknown.length - 1]!)
}

export type SchemaState = 'current' | 'missing' | 'behind' | 'ahead'

/** The newest applied migration, in one query that knex and PGlite alike can run. */
export const NEWEST_MIGRATION_SQL = 'select name from knex_migrations order by id desc limit 1'

/** One query: how the database's schema compares with this build's migrations. */
export async function schemaState(knex: Knex): Promise<SchemaState> {
  return (await readSchema(knex)).state
}

/** The schema's state and the newest applied migration's name, in one query. */
export async function readSchema(knex: Knex): Promise<{ state: SchemaState; newest?: string }> {
  try {
    const { rows } = await knex.raw(NEWEST_MIGRATION_SQL)
    return { state: stateOf(rows), newest: rows[0]?.name }
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return { state: 'missing' }
    throw error
  }
}

/** The schema's state from the rows of NEWEST_MIGRATION_SQL. */
export function stateOf(rows: { name: string }[]): SchemaState {
  const newest = rows[0]?.name
  if (newest === undefined) return 'missing'
  if (newest === latestMigration) return 'current'
  return migrations.some((migration) => migration.name === newest) ? 'behind' : 'ahead'
}

/** Server databases are never migrated implicitly: say what to run. */
export function assertUsable(state: SchemaState, newest?: string): void {
  if (state === 'current') return
  if (state === 'ahead') throw newerVersionError(newest ?? 'unknown')
  throw new DatabaseError(
    state === 'missing' ? 'The database has no wishlist schema yet.' : 'The database schema is out of date.',
    'Run `wishlist db migrate` first.',
  )
}
