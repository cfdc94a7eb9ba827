import { UsageError } from '../errors.js'

/**
 * The longest text each field takes, in characters (Unicode code points), so that
 * every value accepted fits the database: a btree index row holds at most 2,704
 * bytes, and a character is at most 4 bytes of UTF-8.
 * - title: indexed whole by books_title_prefix (wishlist_fold(title), id): 500
 *   characters are at most 2,500 bytes folded (unaccent's longest rule turns one
 *   3-byte character into 5 bytes). (Title and author together are indexed only
 *   hashed, books_match_key.)
 * - email: indexed whole, lower(email): 320 characters (the longest address RFC 5321
 *   allows) are at most 1,280 bytes.
 * - list name: indexed with its user, (user_id, lower(name)): 200 characters.
 * - an entry's note: one line, not indexed; 500 characters (a check constraint too).
 * - author, first and last name: not indexed whole (the author only through trigrams
 *   and the hashed key); the limits keep rows and screens sane.
 * - claim note (`claim --note`): not indexed; 1,000 characters.
 * docs/configuration.md lists them.
 */
export const TEXT_LIMITS = {
  title: 500,
  author: 1000,
  listName: 200,
  email: 320,
  personName: 200,
  note: 500,
  claimNote: 1000,
} as const

/** Search text (QUERY, a BOOK as free text): longer than a title, a space and an author, it matches nothing. */
export const QUERY_LIMIT = TEXT_LIMITS.title + 1 + TEXT_LIMITS.author

/** What makes a text unstorable, or undefined when it can be stored. */
export function textProblem(value: string, limit: number): string | undefined {
  // PostgreSQL text cannot hold U+0000.
  if (value.includes('\0')) return 'contains a NUL character'
  // A lone surrogate is not a character: JSON cannot carry it to the database, and
  // UTF-8 cannot encode it.
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate, which is not Unicode text'
  // Counted only when it could be over: a string of N UTF-16 units has at most N code points.
  if (value.length > limit && codePoints(value) > limit) return `is longer than ${limit.toLocaleString('en')} characters`
  return undefined
}

/** The text itself, or a UsageError (exit 2) naming it: for arguments and flags. */
export function checkedText(value: string, what: string, limit: number): string {
  const problem = textProblem(value, limit)
  if (problem) throw new UsageError(`${what} ${problem}.`, problem.startsWith('is longer') ? undefined : 'Remove it and try again.')
  return value
}

/** With the u flag a surrogate pair is one character; only a lone half matches. */
const LONE_SURROGATE = /\p{Cs}/u

function codePoints(value: string): number {
  let count = 0
  for (const _ of value) count++
  return count
}

/**
 * Text from outside (an online catalogue) made storable rather than refused: control
 * characters (C0, DEL, C1: escape sequences start with them) and lone surrogates
 * removed, runs of whitespace made one space, cut to `limit` characters.
 */
export function storableText(value: string, limit: number): string {
  const clean = value
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
    .replace(/\p{Cs}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
  return clean.length > limit ? [...clean].slice(0, limit).join('').trim() : clean
}

/**
 * An entry's note (`--note`): trimmed, one line of at most TEXT_LIMITS.note
 * characters. Control characters (a newline, a tab, an escape) are refused rather than
 * stored: a note is shown in tables and tab-separated lines, one per entry.
 */
export function checkedNote(value: string): string {
  const note = value.trim()
  if (note === '') throw new UsageError('A note cannot be empty.', 'Remove a note with --no-note.')
  if (/[\r\n]/.test(note)) throw new UsageError('A note must be one line.')
  if (/[\u0000-\u001f\u007f-\u009f]/.test(note)) {
    throw new UsageError('A note cannot hold control characters (tabs, escapes).', 'Remove them and try again.')
  }
  return checkedText(note, 'The note', TEXT_LIMITS.note)
}
