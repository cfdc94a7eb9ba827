import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { UsageError } from '../errors.js'

/** Where the data lives: a PostgreSQL server, or the embedded PGlite directory. */
export type DbTarget =
  | { kind: 'server'; url: string }
  | { kind: 'embedded'; dataDir: string }

export interface TargetOptions {
  db?: string
  dataDir?: string
}

type Env = Record<string, string | undefined>

/** SPEC "Choosing the database": --db, DATABASE_URL, then the embedded directory. */
export function resolveTarget(options: TargetOptions, env: Env): DbTarget {
  const url = options.db ?? nonEmpty(env.DATABASE_URL)
  if (url) {
    assertPostgresUrl(url, options.db !== undefined ? '--db' : 'DATABASE_URL')
    return { kind: 'server', url }
  }
  return { kind: 'embedded', dataDir: resolve(options.dataDir ?? defaultDataDir(env)) }
}

/**
 * pg reads any URL it can parse as PostgreSQL settings (mysql://host/test connects to
 * the PostgreSQL database "test"), so the scheme is checked here, naming where the URL
 * came from.
 */
function assertPostgresUrl(url: string, source: '--db' | 'DATABASE_URL'): void {
  let protocol: string | undefined
  try {
    protocol = new URL(url).protocol
  } catch {
    // not a URL at all
  }
  if (protocol === 'postgres:' || protocol === 'postgresql:') return
  throw new UsageError(
    `${source} must be a postgres:// or postgresql:// URL, not ${redactUrl(url)}.`,
    'For example postgres://USER:PASSWORD@HOST:5432/DATABASE.',
  )
}

export function defaultDataDir(env: Env): string {
  if (nonEmpty(env.WISHLIST_DATA_DIR)) return env.WISHLIST_DATA_DIR!
  const base = nonEmpty(env.XDG_DATA_HOME) ?? join(env.HOME ?? homedir(), '.local', 'share')
  return join(base, 'wishlist')
}

const MASK = '*****'

/**
 * Query parameters that carry secrets. libpq takes `password` and `sslpassword`;
 * the rest are names other drivers and tools use, masked in case.
 */
const SECRET_PARAM = /pass|secret|token|credential|^key$|apikey|api_key/i

/**
 * A connection URL with every secret replaced, safe to print: the password of the
 * authority (user:password@) and secret query parameters (?password=...).
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = MASK
    for (const key of [...new Set(parsed.searchParams.keys())]) {
      if (SECRET_PARAM.test(key)) parsed.searchParams.set(key, MASK)
    }
    // searchParams.set re-encodes the mask; keep it readable.
    return parsed.toString().replaceAll(encodeURIComponent(MASK), MASK)
  } catch {
    // Not parseable as a URL: mask anything that looks like user:password@ (up to the
    // last @, as a password may hold one) and key=value pairs with secret names.
    return url
      .replace(/^([^:/?#]*:\/\/[^:/?#@]*):.*@/, `$1:${MASK}@`)
      .replace(/([?&;\s]|^)([^=&;\s?]+)=([^&;\s]*)/g, (pair, lead: string, key: string) =>
        SECRET_PARAM.test(key) ? `${lead}${key}=${MASK}` : pair,
      )
  }
}

/** "host:port" of a server URL, for error messages. */
export function describeServer(url: string): string {
  try {
    const parsed = new URL(url)
    const port = parsed.port || '5432'
    // postgres:///wishlist?host=/run/postgresql: a Unix socket in that folder.
    const socketDir = parsed.searchParams.get('host')
    if (socketDir?.startsWith('/')) return `${socketDir}/.s.PGSQL.${port}`
    return `${parsed.hostname || 'localhost'}:${port}`
  } catch {
    return 'the server in DATABASE_URL'
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}
