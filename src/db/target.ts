import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

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
  if (url) return { kind: 'server', url }
  return { kind: 'embedded', dataDir: resolve(options.dataDir ?? defaultDataDir(env)) }
}

export function defaultDataDir(env: Env): string {
  if (nonEmpty(env.WISHLIST_DATA_DIR)) return env.WISHLIST_DATA_DIR!
  const base = nonEmpty(env.XDG_DATA_HOME) ?? join(env.HOME ?? homedir(), '.local', 'share')
  return join(base, 'wishlist')
}

/** A connection URL with its password replaced, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '*****'
    return parsed.toString()
  } catch {
    return url.replace(/:\/\/([^:/@]+):[^@]*@/, '://$1:*****@')
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
