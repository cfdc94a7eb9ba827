import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'

/** The PostgreSQL client library finds a Unix socket as <dir>/.s.PGSQL.<port>. */
export const PUBLIC_PORT = 5432
/** The server migrates through this socket before it opens the public one. */
export const PRIVATE_PORT = 5433

// sun_path holds 108 bytes on Linux; keep a margin for ".s.PGSQL.5432".
const MAX_SOCKET_DIR_LENGTH = 90

export interface EmbeddedPaths {
  dataDir: string
  /** PGlite's own files. */
  pgdata: string
  /** The owning server's pid and start time: a record, the lock is kernel-lock.ts. */
  pidFile: string
  log: string
  /** In pgdata: it was made by the native engine (engine.ts). */
  engineFile: string
  socketDir: string
  socket: string
  privateSocket: string
}

export function embeddedPaths(dataDir: string, env: Record<string, string | undefined> = process.env): EmbeddedPaths {
  const socketDir = dataDir.length <= MAX_SOCKET_DIR_LENGTH ? dataDir : outsideSocketDir(dataDir, env)
  return {
    dataDir,
    pgdata: join(dataDir, 'pgdata'),
    pidFile: join(dataDir, 'server.pid'),
    log: join(dataDir, 'server.log'),
    engineFile: join(dataDir, 'pgdata', 'wishlist-native-engine'),
    socketDir,
    socket: join(socketDir, `.s.PGSQL.${PUBLIC_PORT}`),
    privateSocket: join(socketDir, `.s.PGSQL.${PRIVATE_PORT}`),
  }
}

/**
 * A data directory with a long path gets its socket elsewhere: in $XDG_RUNTIME_DIR,
 * which only its user can write, when it is set and exists; else in the temporary
 * directory. Either way ensureSocketDir (file-modes.ts) makes it 0700 and checks it
 * before anyone connects.
 */
function outsideSocketDir(dataDir: string, env: Record<string, string | undefined>): string {
  const name = `wishlist-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`
  const runtime = env.XDG_RUNTIME_DIR
  if (runtime && isAbsolute(runtime) && join(runtime, name).length <= MAX_SOCKET_DIR_LENGTH && existsSync(runtime)) {
    return join(runtime, name)
  }
  return join(tmpdir(), name)
}
