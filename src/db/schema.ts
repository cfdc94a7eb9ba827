import type { Knex } from 'knex'
import { latestMigration, migrations, migrationSource } from '../../migrations/index.js'
import { DatabaseError } from '../errors.js'

export const migratorConfig: Knex.MigratorConfig = { migrationSource }

export interface SchemaStatus {
  applied: string[]
  pending: string[]
}

export async function schemaStatus(knex: Knex): Promise<SchemaStatus> {
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
  const [, names] = (await knex.migrate.latest(migratorConfig)) as [number, string[]]
  return names
}

export async function rollback(knex: Knex, all = false): Promise<string[]> {
  const [, names] = (await knex.migrate.rollback(migratorConfig, all)) as [number, string[]]
  return names
}

export type SchemaState = 'current' | 'missing' | 'behind' | 'ahead'

/** The newest applied migration, in one query that knex and PGlite alike can run. */
export const NEWEST_MIGRATION_SQL = 'select name from knex_migrations order by id desc limit 1'

/** One query: how the database's schema compares with this build's migrations. */
export async function schemaState(knex: Knex): Promise<SchemaState> {
  try {
    return stateOf((await knex.raw(NEWEST_MIGRATION_SQL)).rows)
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return 'missing'
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
export function assertUsable(state: SchemaState): void {
  if (state === 'current') return
  if (state === 'ahead') {
    throw new DatabaseError(
      'The database schema is newer than this version of wishlist.',
      'Upgrade wishlist, or point it at another database.',
    )
  }
  throw new DatabaseError(
    state === 'missing' ? 'The database has no wishlist schema yet.' : 'The database schema is out of date.',
    'Run `wishlist db migrate` first.',
  )
}
