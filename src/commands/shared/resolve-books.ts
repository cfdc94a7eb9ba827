import type { Knex } from 'knex'
import { text } from 'node:stream/consumers'
import type { Context } from '../../context.js'
import { type BookRef, parseBookRef } from '../../domain/book-ref.js'
import {
  type CatalogueBook,
  CatalogueError,
  catalogueConfig,
  lookUpIsbns,
  serviceName,
} from '../../catalogue/open-library.js'
import { publishDate } from '../../catalogue/publish-date.js'
import type { PickedBook } from '../../prompter.js'
import { NotFoundError, UsageError, WishlistError } from '../../errors.js'
import { safeText } from '../../output/safe-text.js'
import { type Book, type BookMatch, CANDIDATE_LIMIT, findBooksByIsbns, matchBook, sameTitle, searchBooks } from '../../store/books.js'
import { quote } from '../../output/words.js'
import { isStoreError, storeError } from '../../store/errors.js'

/** A parsed BOOK argument; `line` is set when it came from stdin (`-`). */
export interface BookArg {
  ref: BookRef
  line?: number
}

/**
 * Parses every BOOK argument before any database work, so one malformed argument
 * fails the command with nothing done. `-` as the only BOOK reads one per line from
 * stdin (blank lines ignored); errors then name the line.
 */
export async function parseBookArgs(ctx: Context, args: string[]): Promise<BookArg[]> {
  if (args.includes('-')) {
    if (args.length > 1) throw new UsageError('`-` must be the only BOOK.', 'Put every BOOK on its own line of stdin instead.')
    // Every line ending counts, a bare CR (old Mac files, some Windows tools) too.
    const lines = (await text(ctx.io.stdin)).split(/\r\n|\r|\n/)
    const parsed: BookArg[] = []
    for (const [index, input] of lines.entries()) {
      if (input.trim() === '') continue
      try {
        parsed.push({ ref: parseBookRef(input), line: index + 1 })
      } catch (error) {
        throw withLine(index + 1, error)
      }
    }
    if (parsed.length === 0) throw new UsageError('No BOOK on stdin.', 'Give one book id, ISBN or title per line.')
    return parsed
  }
  return args.map((input) => ({ ref: parseBookRef(input) }))
}

/**
 * Finds the books the arguments name, in order, without repeats. Free text that
 * matches several books asks on a terminal and fails elsewhere, listing the
 * candidates. With `list`, free text is first matched against that list's books
 * (`remove dune` means the Dune on the list, not every Dune in the catalogue).
 */
export async function resolveBooks(
  ctx: Context,
  knex: Knex,
  args: BookArg[],
  options: { list?: string } = {},
): Promise<Book[]> {
  const books = new Map<string, Book>()
  for (const arg of args) {
    const match = await matchOnList(knex, arg.ref, options.list).catch((error) => {
      throw withLine(arg.line, error)
    })
    const book = 'book' in match ? match.book : await chooseCandidate(ctx, arg, match.candidates)
    books.set(book.id, book)
  }
  return [...books.values()]
}

/** A book to add: in the catalogue, or found online and to be created with the entries. */
export type WantedBook = { book: Book } | { fetched: CatalogueBook }

/**
 * resolveBooks for `add`: ISBNs the catalogue does not have are looked up online
 * first, in batches, before any transaction (no network wait holds a lock). An ISBN
 * the service does not know, or any offline, is exit 3 naming it; a failing service
 * is exit 1 (CatalogueError). Everything else resolves as resolveBooks does.
 */
export async function resolveOrFetchBooks(ctx: Context, knex: Knex, args: BookArg[]): Promise<WantedBook[]> {
  const isbns = [...new Set(args.flatMap((arg) => (arg.ref.kind === 'isbn' ? [arg.ref.isbn] : [])))]
  const known = isbns.length > 0 ? await findBooksByIsbns(knex, isbns) : new Map<string, Book>()
  const unknown = isbns.filter((isbn) => !known.has(isbn))
  let fetched = new Map<string, CatalogueBook>()
  if (unknown.length > 0) {
    const config = catalogueConfig(ctx.env, ctx.options.offline)
    if (config.baseUrl) fetched = await lookUpIsbns(config, unknown)
    const missing = args.find((arg) => arg.ref.kind === 'isbn' && !known.has(arg.ref.isbn) && !fetched.has(arg.ref.isbn))
    if (missing) {
      const input = missing.ref.input.trim()
      throw withLine(
        missing.line,
        new NotFoundError(
          `No book with ISBN ${input}${config.baseUrl ? ` in the catalogue or in ${serviceName(config)}` : ''}.`,
          config.baseUrl
            ? `Add it by hand: \`wishlist books add --isbn ${input} --title ...\`.`
            : `Not looked up online: offline mode (--offline or WISHLIST_OFFLINE). Add it with \`wishlist books add --isbn ${input} --title ...\`.`,
        ),
      )
    }
  }
  const wanted = new Map<string, WantedBook>()
  for (const arg of args) {
    if (arg.ref.kind === 'isbn') {
      const book = known.get(arg.ref.isbn)
      if (book) wanted.set(book.id, { book })
      else wanted.set(`isbn:${arg.ref.isbn}`, { fetched: fetched.get(arg.ref.isbn)! })
      continue
    }
    const [book] = await resolveBooks(ctx, knex, [arg]).catch((error) => {
      throw withOnlineHint(ctx, error)
    })
    wanted.set(book!.id, { book: book! })
  }
  return [...wanted.values()]
}

/**
 * The picker's choices as books to add. Books found online go the way an ISBN
 * argument goes (the catalogue first, then one /api/books request for all of them),
 * so they are created from their edition's record; one the service no longer knows,
 * or all of them when it fails now, is created from what the search showed.
 */
export async function resolvePicked(ctx: Context, knex: Knex, picked: PickedBook[]): Promise<WantedBook[]> {
  const hits = picked.flatMap((book) => ('source' in book ? [book] : []))
  const known = hits.length > 0 ? await findBooksByIsbns(knex, hits.map((hit) => hit.isbn13)) : new Map<string, Book>()
  const unknown = hits.filter((hit) => !known.has(hit.isbn13)).map((hit) => hit.isbn13)
  let fetched = new Map<string, CatalogueBook>()
  const config = catalogueConfig(ctx.env, ctx.options.offline)
  if (unknown.length > 0 && config.baseUrl) {
    try {
      fetched = await lookUpIsbns(config, unknown)
    } catch (error) {
      if (!(error instanceof CatalogueError)) throw error
    }
  }
  return picked.map((book): WantedBook => {
    if (!('source' in book)) return { book }
    const inCatalogue = known.get(book.isbn13)
    if (inCatalogue) return { book: inCatalogue }
    return {
      fetched: fetched.get(book.isbn13) ?? {
        isbn13: book.isbn13,
        title: book.title,
        authors: book.authors,
        publishDate: book.firstPublishYear === null ? null : publishDate(String(book.firstPublishYear)),
      },
    }
  })
}

async function matchOnList(knex: Knex, ref: BookRef, list: string | undefined): Promise<BookMatch> {
  if (ref.kind === 'text' && list) {
    const onList = await searchBooks(knex, ref.text, CANDIDATE_LIMIT + 1, { wishlistId: list })
    const exact = onList.filter((book) => sameTitle(book.title, ref.text))
    if (onList.length === 1 || exact.length === 1) return { book: (exact.length === 1 ? exact : onList)[0]! }
    if (onList.length > 1) return { candidates: onList }
  }
  return matchBook(knex, ref)
}

async function chooseCandidate(ctx: Context, arg: BookArg, candidates: Book[]): Promise<Book> {
  const input = arg.ref.input.trim()
  if (ctx.canPrompt) {
    return ctx.prompter.chooseBook(
      `${quote(safeText(input))} matches several books. Which one?`,
      candidates.map((book) => ({ book, onList: false })),
    )
  }
  const shown = candidates.slice(0, CANDIDATE_LIMIT)
  const lines = shown.map((book) => `  ${book.id}  ${safeText(book.title)} — ${safeText(book.author ?? 'unknown author')}`)
  if (candidates.length > shown.length) lines.push('  ...and more; add words to narrow it down.')
  const where = arg.line ? `line ${arg.line}: ` : ''
  throw new UsageError(
    `${where}${quote(input)} matches several books; give its id or ISBN instead:`,
    lines.join('\n'),
  )
}

/**
 * Free text that matches nothing in the catalogue: the hint also names the online
 * search that could find the book (unless offline, where it would send nothing).
 */
function withOnlineHint(ctx: Context, error: unknown): unknown {
  if (!isStoreError(error) || error.problem.kind !== 'no-book-match') return error
  if (!catalogueConfig(ctx.env, ctx.options.offline).baseUrl) return error
  const online = storeError({ ...error.problem, online: true })
  online.prefix = error.prefix
  return online
}

/** Prefixes an error about a stdin line with the line's number. */
function withLine(line: number | undefined, error: unknown): unknown {
  if (line !== undefined && error instanceof WishlistError) error.prefix = `line ${line}: `
  return error
}
