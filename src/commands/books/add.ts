import type { Context } from '../../context.js'
import { parsePublicationDate } from '../../domain/date.js'
import { normalizeIsbn } from '../../domain/isbn.js'
import { TEXT_LIMITS, checkedText } from '../../domain/limits.js'
import { catalogueConfig, lookUpEdition, lookUpIsbns, serviceName } from '../../catalogue/open-library.js'
import { ConflictError, NotFoundError, UsageError } from '../../errors.js'
import { bookJson } from '../../output/books.js'
import { printJson } from '../../output/render.js'
import { addBook, findBookByIsbn } from '../../store/books.js'
import { notADate } from '../shared/messages.js'
import { quote } from '../../output/words.js'

export interface BookAddOptions {
  /** Without it, --isbn is required and the book is filled from the online catalogue. */
  title?: string
  author?: string
  isbn?: string
  published?: string
}

export async function addRun(ctx: Context, options: BookAddOptions): Promise<void> {
  // Everything is checked before the database is opened: invalid input changes nothing.
  if (options.title === undefined && options.isbn === undefined) {
    throw new UsageError('--title is required, unless --isbn is given to fill the book from Open Library.')
  }
  if (options.title !== undefined && options.title.trim() === '') throw new UsageError('--title cannot be empty.')
  if (options.title !== undefined) checkedText(options.title.trim(), '--title', TEXT_LIMITS.title)
  if (options.author !== undefined) checkedText(options.author.trim(), '--author', TEXT_LIMITS.author)
  const isbn = options.isbn === undefined ? undefined : normalizeIsbn(options.isbn)
  if (options.isbn !== undefined && !isbn) {
    throw new UsageError(
      `${quote(options.isbn)} is not a valid ISBN.`,
      'Give 10 or 13 digits (hyphens and spaces allowed, X as an ISBN-10 check digit) with a matching check digit.',
    )
  }
  const publicationDate = options.published === undefined ? undefined : parsePublicationDate(options.published)
  if (options.published !== undefined && !publicationDate) throw new UsageError(notADate(options.published))
  const knex = await ctx.db()
  const filled = options.title === undefined ? await fillFromCatalogue(ctx, knex, options.isbn!, isbn!) : undefined
  const book = await addBook(knex, {
    title: options.title ?? filled!.title,
    // What was typed wins over what the service says.
    author: options.author ?? filled?.authors,
    isbn,
    publicationDate: publicationDate ?? filled?.publishDate,
  })
  if (ctx.options.json) return printJson(ctx.io, bookJson(book))
  ctx.info(`Added ${quote(book.title)} to the catalogue (${book.id}).`)
}

/**
 * `books add --isbn X` without --title: the book as the online catalogue has it. A
 * book already in the catalogue sends nothing (the same conflict addBook reports).
 */
async function fillFromCatalogue(ctx: Context, knex: Awaited<ReturnType<Context['db']>>, typed: string, isbn: string) {
  if (await findBookByIsbn(knex, isbn)) throw new ConflictError(`A book with ISBN ${isbn} already exists.`)
  const config = catalogueConfig(ctx.env, ctx.options.offline)
  if (!config.baseUrl) {
    throw new UsageError(
      '--title is required offline: the book cannot be filled from Open Library (--offline or WISHLIST_OFFLINE).',
      `Give it: \`wishlist books add --isbn ${typed.trim()} --title ...\`.`,
    )
  }
  // The batch endpoint first (what `wishlist add` uses), then the edition's own record.
  const found = (await lookUpIsbns(config, [isbn])).get(isbn) ?? (await lookUpEdition(config, isbn))
  if (!found) {
    throw new NotFoundError(
      `No book with ISBN ${typed.trim()} in ${serviceName(config)}.`,
      `Add it by hand: \`wishlist books add --isbn ${typed.trim()} --title ...\`.`,
    )
  }
  return found
}
