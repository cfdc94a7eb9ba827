import { DatabaseError } from '../errors.js'

/** SQLSTATE disk_full: PostgreSQL (and PGlite) could not extend a file or its WAL. */
export const DISK_FULL = '53100'

/**
 * A full disk, whichever layer noticed it (a PostgreSQL error, a file write of our
 * own, an embedded server that could not start), as one line instead of the raw
 * statement and "could not write to file pg_wal/...".
 */
export function diskFullError(error: unknown): DatabaseError | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  const full = code === DISK_FULL || code === 'ENOSPC' || (typeof message === 'string' && /No space left on device/i.test(message))
  return full ? new DatabaseError('The disk holding the database is full; free some space and try again.') : undefined
}
