import type { Context } from '../../context.js'
import { parseIsoDate } from '../../domain/date.js'
import { normalizeIsbn } from '../../domain/isbn.js'
import { TEXT_LIMITS, checkedText } from '../../domain/limits.js'
import { UsageError } from '../../errors.js'
import { bookJson } from '../../output/books.js'
import { printJson } from '../../output/render.js'
import { addBook } from '../../store/books.js'

export interface BookAddOptions {
  title: string
  author?: string
  isbn?: string
  published?: string
}

export async function addRun(ctx: Context, options: BookAddOptions): Promise<void> {
  // Everything is checked before the database is opened: invalid input changes nothing.
  if (options.title.trim() === '') throw new UsageError('--title cannot be empty.')
  checkedText(options.title.trim(), '--title', TEXT_LIMITS.title)
  if (options.author !== undefined) checkedText(options.author.trim(), '--author', TEXT_LIMITS.author)
  const isbn = options.isbn === undefined ? undefined : normalizeIsbn(options.isbn)
  if (options.isbn !== undefined && !isbn) {
    throw new UsageError(
      `"${options.isbn}" is not a valid ISBN.`,
      'Give 10 or 13 digits (hyphens and spaces allowed, X as an ISBN-10 check digit) with a matching check digit.',
    )
  }
  const publicationDate = options.published === undefined ? undefined : parseIsoDate(options.published)
  if (options.published !== undefined && !publicationDate) {
    throw new UsageError(`"${options.published}" is not a date: --published takes YYYY-MM-DD, e.g. 2013-06-25.`)
  }
  const knex = await ctx.db()
  const book = await addBook(knex, { title: options.title, author: options.author, isbn, publicationDate })
  if (ctx.options.json) return printJson(ctx.io, bookJson(book))
  ctx.info(`Added "${book.title}" to the catalogue (${book.id}).`)
}
