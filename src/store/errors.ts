import { ConflictError, NotFoundError, UsageError, type WishlistError } from '../errors.js'

/**
 * What a store found wrong, as data. Stores never phrase a sentence for the user:
 * src/output/error-messages.ts does (describeError), next to the other renderers.
 */
export type StoreProblem =
  // Not found (exit 3)
  | { kind: 'no-list'; ref: string; names: string[] }
  | { kind: 'no-user'; ref: string; emails: string[] }
  | { kind: 'no-book'; by: 'id' | 'ISBN'; ref: string }
  /** `online`: the hint may name the online search (set by `add`, unless offline). */
  | { kind: 'no-book-match'; text: string; similar: string[]; online?: boolean }
  | { kind: 'no-entry'; title: string; list: string }
  | { kind: 'no-role'; role: string }
  | { kind: 'no-group-role'; group: string }
  | { kind: 'no-claim'; title: string; list: string }
  // Deleted by another command while this one ran (exit 3, nothing changed)
  | { kind: 'list-vanished'; name: string }
  | { kind: 'user-vanished'; email?: string }
  | { kind: 'book-vanished'; title?: string; isbn?: string }
  // Conflicts (exit 4)
  | { kind: 'list-name-taken'; name: string }
  | { kind: 'email-taken'; email: string }
  /** `holder`: the other book, when known (`books edit`). */
  | { kind: 'isbn-taken'; isbn: string | null | undefined; holder?: { id: string; title: string } }
  | { kind: 'same-book'; id: string; title: string; author: string | null }
  | { kind: 'role-taken'; role: string; email?: string }
  | { kind: 'claimed'; title: string; by: string }
  // Invalid input (exit 2)
  | { kind: 'not-an-email'; email: string }
  | { kind: 'empty-list-name' }
  | { kind: 'list-name-like-id' }
  | { kind: 'not-a-role-name'; role: string }
  | { kind: 'role-bypasses-rls'; role: string }
  | { kind: 'grant-refused'; group: string; role: string }
  | { kind: 'claim-own-list'; list: string }

const USAGE = new Set<StoreProblem['kind']>([
  'not-an-email',
  'empty-list-name',
  'list-name-like-id',
  'not-a-role-name',
  'role-bypasses-rls',
  'grant-refused',
  'claim-own-list',
])
const CONFLICT = new Set<StoreProblem['kind']>(['list-name-taken', 'email-taken', 'isbn-taken', 'same-book', 'role-taken', 'claimed'])

/** The typed error of a store: the exit code's class, with the problem as data. */
export interface StoreError extends WishlistError {
  readonly problem: StoreProblem
}

class StoreNotFoundError extends NotFoundError implements StoreError {
  constructor(readonly problem: StoreProblem) {
    super(problem.kind)
  }
}
class StoreConflictError extends ConflictError implements StoreError {
  constructor(readonly problem: StoreProblem) {
    super(problem.kind)
  }
}
class StoreUsageError extends UsageError implements StoreError {
  constructor(readonly problem: StoreProblem) {
    super(problem.kind)
  }
}

export function storeError(problem: StoreProblem): StoreError {
  if (USAGE.has(problem.kind)) return new StoreUsageError(problem)
  if (CONFLICT.has(problem.kind)) return new StoreConflictError(problem)
  return new StoreNotFoundError(problem)
}

export function isStoreError(error: unknown): error is StoreError {
  return error instanceof StoreNotFoundError || error instanceof StoreConflictError || error instanceof StoreUsageError
}
