import type { Context } from '../../context.js'
import { parseBookRef } from '../../domain/book-ref.js'
import { parsePublicationDate } from '../../domain/date.js'
import { normalizeIsbn } from '../../domain/isbn.js'
import { TEXT_LIMITS, checkedText } from '../../domain/limits.js'
import { UsageError } from '../../errors.js'
import { bookJson } from '../../output/books.js'
import { printJson } from '../../output/render.js'
import { quote } from '../../output/words.js'
import { type Book, type BookChanges, updateBook } from '../../store/books.js'
import { notADate } from '../shared/messages.js'
import { resolveBooks } from '../shared/resolve-books.js'

export interface BookEditOptions {
  title?: string
  /** '' clears it. */
  author?: string
  /** '' clears it. */
  isbn?: string
  /** '' clears it. */
  published?: string
}

export async function editRun(ctx: Context, ref: string, options: BookEditOptions): Promise<void> {
  // Everything is checked before the database is opened: invalid input changes nothing.
  const changes = bookChanges(options)
  const parsed = parseBookRef(ref)
  const knex = await ctx.db()
  const [book] = await resolveBooks(ctx, knex, [{ ref: parsed }])
  const edited = await updateBook(knex, book!, changes)
  if (ctx.options.json) return printJson(ctx.io, bookJson(edited))
  const what = describeChanges(book!, edited)
  ctx.info(
    what.length === 0
      ? `${quote(edited.title)} (${edited.id}) already had those details; nothing changed.`
      : `Updated ${quote(edited.title)} (${edited.id}): ${what.join(', ')}. It stays on every list that holds it.`,
  )
}

/** The options as changes, or a UsageError (exit 2) naming what is wrong. */
function bookChanges(options: BookEditOptions): BookChanges {
  if (Object.values(options).every((value) => value === undefined)) {
    throw new UsageError('Nothing to change.', 'Give --title, --author, --isbn or --published (an empty value clears all but the title).')
  }
  const changes: BookChanges = {}
  if (options.title !== undefined) {
    if (options.title.trim() === '') throw new UsageError('--title cannot be empty.')
    changes.title = checkedText(options.title.trim(), '--title', TEXT_LIMITS.title)
  }
  if (options.author !== undefined) changes.author = checkedText(options.author.trim(), '--author', TEXT_LIMITS.author) || null
  if (options.isbn !== undefined) {
    const isbn = options.isbn.trim() === '' ? null : normalizeIsbn(options.isbn)
    if (isbn === undefined) {
      throw new UsageError(
        `${quote(options.isbn)} is not a valid ISBN.`,
        'Give 10 or 13 digits (hyphens and spaces allowed, X as an ISBN-10 check digit) with a matching check digit.',
      )
    }
    changes.isbn = isbn
  }
  if (options.published !== undefined) {
    const date = options.published.trim() === '' ? null : parsePublicationDate(options.published)
    if (date === undefined) throw new UsageError(notADate(options.published))
    changes.publicationDate = date
  }
  return changes
}

/** "title "A" -> "B", ISBN cleared": what changed, for the message. */
function describeChanges(before: Book, after: Book): string[] {
  const fields: [string, string | null, string | null][] = [
    ['title', before.title, after.title],
    ['author', before.author, after.author],
    ['ISBN', before.isbn, after.isbn],
    ['published', before.publicationDate, after.publicationDate],
  ]
  return fields
    .filter(([, was, now]) => was !== now)
    .map(([name, was, now]) => (now === null ? `${name} cleared` : was === null ? `${name} ${quote(now)}` : `${name} ${quote(was)} -> ${quote(now)}`))
}
