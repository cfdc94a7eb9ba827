import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

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
  socketDir: string
  socket: string
  privateSocket: string
}

export function embeddedPaths(dataDir: string): EmbeddedPaths {
  const socketDir =
    dataDir.length <= MAX_SOCKET_DIR_LENGTH
      ? dataDir
      : join(tmpdir(), `wishlist-${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`)
  return {
    dataDir,
    pgdata: join(dataDir, 'pgdata'),
    pidFile: join(dataDir, 'server.pid'),
    log: join(dataDir, 'server.log'),
    socketDir,
    socket: join(socketDir, `.s.PGSQL.${PUBLIC_PORT}`),
    privateSocket: join(socketDir, `.s.PGSQL.${PRIVATE_PORT}`),
  }
}
