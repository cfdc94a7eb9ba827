/** PostgreSQL error codes the stores turn into domain errors. */
export const UNIQUE_VIOLATION = '23505'
export const FOREIGN_KEY_VIOLATION = '23503'

export function pgErrorCode(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (pgErrorCode(error) !== UNIQUE_VIOLATION) return false
  return constraint === undefined || (error as { constraint?: string }).constraint === constraint
}

/**
 * A row that another row points to has gone: in practice another command deleted a
 * list, book or user between this command reading it and writing next to it.
 */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  if (pgErrorCode(error) !== FOREIGN_KEY_VIOLATION) return false
  return constraint === undefined || (error as { constraint?: string }).constraint === constraint
}

/** PostgreSQL's detail line ("Key (id)=(...) is not present in table ..."), or ''. */
export function pgErrorDetail(error: unknown): string {
  return (error as { detail?: string } | undefined)?.detail ?? ''
}
