/**
 * Typed errors. Commands throw these; src/cli.ts maps them to exit codes once
 * (see exitCodeFor). Messages are written for the user: one or two lines that say
 * what went wrong and what to do about it.
 */
export class WishlistError extends Error {
  readonly exitCode: number = 1
  /** Said before the message: `line 3: ` for an error about one line of stdin. */
  prefix?: string
  constructor(message: string, readonly hint?: string) {
    super(message)
    this.name = new.target.name
  }
}

/** Bad flags, malformed ids/ISBNs/dates, ambiguous input, a prompt needed with no terminal. */
export class UsageError extends WishlistError {
  override readonly exitCode = 2
}

/** An unknown user, book or list; a book that is not on the list. */
export class NotFoundError extends WishlistError {
  override readonly exitCode = 3
}

/** A name or ISBN that already exists. */
export class ConflictError extends WishlistError {
  override readonly exitCode = 4
}

/** The user pressed Ctrl-C or Escape. */
export class CancelledError extends WishlistError {
  override readonly exitCode = 130
  constructor(message = 'Cancelled.') {
    super(message)
  }
}

/**
 * The user answered no to a confirmation: nothing was done, which is not what the
 * command was asked to do (exit 1), but nothing went wrong either, so src/cli.ts
 * prints the message plainly, without "error:". Exit 130 stays Ctrl-C's.
 */
export class DeclinedError extends WishlistError {
  constructor(message = 'Nothing was changed.') {
    super(message)
  }
}

/** The database cannot be reached or is not usable (not migrated, locked, broken). */
export class DatabaseError extends WishlistError {}

export function exitCodeFor(error: unknown): number {
  return error instanceof WishlistError ? error.exitCode : 1
}
