import type { Knex } from 'knex'
import * as createUsers from './20261128000001_create_users.js'
import * as createBooks from './20261128000002_create_books.js'
import * as createWishlists from './20261128000003_create_wishlists.js'
import * as createWishlistEntries from './20261128000004_create_wishlist_entries.js'
import * as addBookSearch from './20261128000005_add_book_search.js'
import * as addBookTitlePrefixIndex from './20261128000006_add_book_title_prefix_index.js'
import * as addBookMatchKeyIndex from './20261129000007_add_book_match_key_index.js'
import * as uniqueBookMatchKey from './20261201000008_unique_book_match_key.js'
import * as publicationDatePrecision from './20261202000010_publication_date_precision.js'
import * as accentInsensitiveSearch from './20261202000011_accent_insensitive_search.js'
import * as entryPositionPriorityNote from './20261202000020_entry_position_priority_note.js'
import * as distributionKeys from './20261202000030_distribution_keys.js'
import * as sharingAndClaims from './20261202000031_sharing_and_claims.js'
import * as rowLevelSecurity from './20261202000032_row_level_security.js'

interface Migration {
  name: string
  up(knex: Knex): Promise<void>
  down(knex: Knex): Promise<void>
}

/**
 * Every migration, oldest first. Listed here rather than read from a directory so that
 * the compiled tool (and a bundle of it) never scans the file system to start.
 * Names are the file names, so `npx knex migrate:*` and `wishlist db *` agree.
 */
export const migrations: Migration[] = [
  { name: '20261128000001_create_users.js', ...createUsers },
  { name: '20261128000002_create_books.js', ...createBooks },
  { name: '20261128000003_create_wishlists.js', ...createWishlists },
  { name: '20261128000004_create_wishlist_entries.js', ...createWishlistEntries },
  { name: '20261128000005_add_book_search.js', ...addBookSearch },
  { name: '20261128000006_add_book_title_prefix_index.js', ...addBookTitlePrefixIndex },
  { name: '20261129000007_add_book_match_key_index.js', ...addBookMatchKeyIndex },
  { name: '20261201000008_unique_book_match_key.js', ...uniqueBookMatchKey },
  { name: '20261202000010_publication_date_precision.js', ...publicationDatePrecision },
  { name: '20261202000011_accent_insensitive_search.js', ...accentInsensitiveSearch },
  { name: '20261202000020_entry_position_priority_note.js', ...entryPositionPriorityNote },
  { name: '20261202000030_distribution_keys.js', ...distributionKeys },
  { name: '20261202000031_sharing_and_claims.js', ...sharingAndClaims },
  { name: '20261202000032_row_level_security.js', ...rowLevelSecurity },
]

export const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => migrations,
  getMigrationName: (migration) => migration.name,
  getMigration: async (migration) => migration,
}

export const latestMigration = migrations[migrations.length - 1]!.name
