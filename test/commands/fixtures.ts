import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Knex } from 'knex'
import { seedSampleData } from '../../seeds/data/sample-data.js'
import type { TestDatabase } from '../helpers/databases.js'
import { type RunOptions, runInProcess } from '../helpers/run.js'

/** Sample users and lists of seeds/data/sample-data.ts that these tests lean on. */
export const ADA = { id: 'a3c1e7a2-5b0e-4c41-9d55-0d6f1a1c2b01', email: 'ada@example.com' }
export const OCTAVIA = { id: 'b7d2f8c3-6c1f-4d52-8e66-1e7a2b2d3c02', email: 'octavia@example.com' }
export const FRED = { id: '46bd51f9-e20b-4b4f-b5a7-f25339a34906', email: 'fredr@neighborhood.com' }
export const TO_READ = 'c4e3a9d4-7d20-4e63-9f77-2f8b3c3e4d03'
export const GIFT_IDEAS = 'd5f4bae5-8e31-4f74-a088-3a9c4d4f5e04'
export const PYTHON_FOR_DUMMIES = { id: '04856d91-c951-429c-a405-423300faf499', isbn: '9781118891452' }

/** A title that would retitle a terminal and ring its bell if printed raw. */
export const EVIL = 'Evil \u001b]0;pwned\u0007 \u001b[31mred'
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/

/** Everything in the tables, to show that rejected input changed nothing. */
export async function snapshot(knex: Knex) {
  return {
    users: await knex('users').orderBy('id'),
    books: await knex('books').orderBy('id'),
    wishlists: await knex('wishlists').orderBy('id'),
    entries: await knex('wishlist_entries').orderBy(['wishlist_id', 'book_id']),
  }
}

/**
 * For each test of the suite: the sample data, and a fresh XDG_CONFIG_HOME, so `users
 * use` never touches a real config. Returns the folder, its saved config, and an
 * in-process run that uses it.
 */
export function withSampleDataAndConfig(db: () => TestDatabase) {
  let configHome = ''
  beforeEach(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
    configHome = await mkdtemp(join(tmpdir(), 'wishlist-config-'))
  })
  afterEach(() => rm(configHome, { recursive: true, force: true }))
  return {
    configHome: () => configHome,
    savedConfig: async () => JSON.parse(await readFile(join(configHome, 'wishlist', 'config.json'), 'utf8')),
    run: (args: string[], options: RunOptions = {}) => runInProcess(db(), args, { ...options, env: { XDG_CONFIG_HOME: configHome } }),
  }
}

export function jsonOf(stdout: string): any {
  return JSON.parse(stdout)
}
