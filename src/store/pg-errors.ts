/** PostgreSQL error codes the stores turn into domain errors. */
export const UNIQUE_VIOLATION = '23505'

export function pgErrorCode(error: unknown): string | undefined {
  return (error as { code?: string } | undefined)?.code
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (pgErrorCode(error) !== UNIQUE_VIOLATION) return false
  return constraint === undefined || (error as { constraint?: string }).constraint === constraint
}
