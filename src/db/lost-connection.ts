import { DatabaseError } from '../errors.js'
import { DISK_FULL, diskFullError } from './disk-full.js'
import { lowDiskSpace } from './embedded/disk-space.js'
import { type DbTarget, describeServer } from './target.js'

/**
 * A connection that dropped while a command was using it: the server was stopped or
 * killed, an administrator ended the session (pg_terminate_backend, 57P01), or the
 * network reset it. pg rejects the statement under way with one of these; a
 * statement sent on a connection that broke between statements gets the last one.
 * knex prefixes the SQL to the message, so they are matched anywhere in it.
 */
const LOST = [
  /Connection terminated unexpectedly/,
  /Client has encountered a connection error and is not queryable/,
  /terminating connection due to administrator command/,
]
const LOST_CODES = new Set(['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE'])

export function isLostConnection(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string }
  return (code !== undefined && LOST_CODES.has(code)) || LOST.some((pattern) => pattern.test(message ?? ''))
}

/**
 * One line that says the connection went and what became of the work: PostgreSQL
 * rolls back a transaction whose connection is gone, and every command writes in
 * one transaction, so nothing is half-written. Other errors are returned as they are.
 */
export function translateLostConnection(error: unknown, target: DbTarget): unknown {
  if (error instanceof DatabaseError || !isLostConnection(error)) return error
  // The native engine's PostgreSQL ends every connection when its WAL cannot be
  // written (a PANIC, then crash recovery): on a full disk that is the reason to say.
  if (target.kind === 'embedded' && lowDiskSpace(target.dataDir)) return diskFullError({ code: DISK_FULL })!
  const where = target.kind === 'server' ? `PostgreSQL at ${describeServer(target.url)}` : `the embedded database in ${target.dataDir}`
  return new DatabaseError(
    `Lost the connection to ${where} mid-command; what it had not committed was rolled back.`,
    target.kind === 'server' ? 'Run it again when the server is back.' : 'Run it again: the next command restarts the database.',
  )
}
