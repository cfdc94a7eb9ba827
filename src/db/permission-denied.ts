import { DatabaseError } from '../errors.js'

/**
 * A statement the database refused to a role linked to a user (docs/sharing.md):
 * SQLSTATE 42501, a missing privilege ("permission denied for table books") or a row
 * that row-level security does not let it write. Said in one line, with who may.
 */
export function translatePermissionDenied(error: unknown): unknown {
  const { code, message } = (error ?? {}) as { code?: string; message?: string }
  if (code !== '42501') return error
  const table = /permission denied for (?:table|relation) (\S+)/.exec(message ?? '')?.[1]
  return new DatabaseError(
    table
      ? `The database refused: your role may not change ${table}; nothing was changed.`
      : 'The database refused the change (row-level security): it is not yours to make; nothing was changed.',
    'Only the administrator (the role that owns the schema) may; see docs/sharing.md.',
  )
}
