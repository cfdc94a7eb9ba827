import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Knex } from 'knex'
import { SAMPLE, seedSampleData } from '../../seeds/data/sample-data.js'
import type { TestDatabase } from '../helpers/databases.js'
import { type RunOptions, runInProcess } from '../helpers/run.js'

/** Sample users and lists of seeds/data/sample-data.ts that these tests lean on. */
export const ADA = SAMPLE.ada
export const OCTAVIA = SAMPLE.octavia
export const FRED = SAMPLE.fred
export const TO_READ = SAMPLE.toRead
export const GIFT_IDEAS = SAMPLE.giftIdeas
export const PYTHON_FOR_DUMMIES = SAMPLE.pythonForDummies

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
