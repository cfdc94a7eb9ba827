// Synchronous: a file of a few bytes, read by every command; node:fs/promises would
// cost a few ms of start-up to load.
import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from './atomic-write.js'
import type { DbTarget } from './db/target.js'

/** What `wishlist users use` saves: $XDG_CONFIG_HOME/wishlist/config.json. */
export interface Config {
  /**
   * The saved default user of each database, by databaseKey: a user of one database
   * means nothing in another.
   */
  defaultUsers?: Record<string, string>
  /**
   * The one default of config files written before defaults were kept per database.
   * Still read, for a database with no default of its own, when that user exists there.
   */
  defaultUser?: string
}

type Env = Record<string, string | undefined>

export function configPath(env: Env): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME ?? homedir(), '.config')
  return join(base, 'wishlist', 'config.json')
}

export async function readConfig(path: string): Promise<Config> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Config
  } catch {
    return {}
  }
}

/**
 * Written whole or not at all (writeFileAtomic), so a crash never leaves half a file.
 * The file 0600 and its directory 0700 whatever the umask: it names the user's account.
 */
export async function writeConfig(path: string, config: Config): Promise<void> {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  // Only ever narrowed to its owner: a directory its owner made read-only stays so
  // (the write then fails and is reported), never widened back to 0700.
  const mode = statSync(dir).mode & 0o777
  if (mode & 0o077) chmodSync(dir, mode & 0o700)
  await writeFileAtomic(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
}

/**
 * Which database a saved default belongs to, written so the config file never holds
 * a password: the embedded database's directory, or for a server
 * `postgres://USER@HOST:PORT/DATABASE` without password or query parameters (a
 * socket directory given as ?host= stands in for the host).
 */
export function databaseKey(target: DbTarget): string {
  if (target.kind === 'embedded') return target.dataDir
  try {
    const url = new URL(target.url)
    const host = url.searchParams.get('host') || url.hostname.toLowerCase() || 'localhost'
    const user = decodeURIComponent(url.username)
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || user
    return `postgres://${user}@${host}:${url.port || '5432'}/${database}`
  } catch {
    // Not a URL (a libpq "key=value" string, say): no key that is sure to leave out
    // the password, so such a database has no saved default of its own.
    return 'postgres://unparsed'
  }
}

/** The default user saved for this database, and whether it is the old single one. */
export function savedDefaultUser(config: Config, target: DbTarget): { ref: string; legacy: boolean } | undefined {
  const own = config.defaultUsers?.[databaseKey(target)]
  if (own) return { ref: own, legacy: false }
  return config.defaultUser ? { ref: config.defaultUser, legacy: true } : undefined
}

/** The config with this database's default set to a user id, or cleared. */
export function withDefaultUser(config: Config, target: DbTarget, userId: string | undefined): Config {
  const defaultUsers = { ...config.defaultUsers }
  if (userId === undefined) delete defaultUsers[databaseKey(target)]
  else defaultUsers[databaseKey(target)] = userId
  const { defaultUsers: _, ...rest } = config
  return Object.keys(defaultUsers).length > 0 ? { ...rest, defaultUsers } : rest
}
