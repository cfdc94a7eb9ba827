import type { Context } from '../../context.js'
import { type CatalogueHit, catalogueConfig } from '../../catalogue/open-library.js'
import { searchOnline } from '../../catalogue/search.js'
import { UsageError } from '../../errors.js'
import { bookColumns, bookJson, hitJson, onlineColumns } from '../../output/books.js'
import { printJson, printRecords } from '../../output/render.js'
import { QUERY_LIMIT, checkedText } from '../../domain/limits.js'
import { type Book, searchBooks } from '../../store/books.js'
import { quote } from '../../output/words.js'

export interface BooksOptions {
  limit: number
  /** Also search the online catalogue (Open Library) and list what the catalogue lacks. */
  online?: boolean
}

export async function booksRun(ctx: Context, query: string | undefined, options: BooksOptions): Promise<void> {
  if (query !== undefined) checkedText(query, 'QUERY', QUERY_LIMIT)
  // Checked before the database opens or anything is sent.
  const config = options.online ? onlineConfig(ctx, query) : undefined
  const knex = await ctx.db()
  const books = await searchBooks(knex, query ?? '', options.limit)
  if (config) {
    const online = await searchOnline(knex, config, query!, options.limit)
    const shown = [...books, ...online.known.filter((book) => !books.some((other) => other.id === book.id))]
    const rows: (Book | CatalogueHit)[] = [...shown, ...online.hits]
    if (ctx.options.json) {
      return printJson(ctx.io, rows.map((row) => ('source' in row ? hitJson(row) : { ...bookJson(row), in_catalogue: true })))
    }
    printRecords(ctx.io, onlineColumns, rows)
    if (rows.length === 0) ctx.info(`No book matches ${quote(query!)}, in the catalogue or online.`)
    else if (online.hits.length > 0) ctx.info('Add one by its ISBN: `wishlist add ISBN`.')
    return
  }
  if (ctx.options.json) return printJson(ctx.io, books.map(bookJson))
  printRecords(ctx.io, bookColumns, books)
  if (books.length === 0) {
    ctx.info(query ? `No book matches ${quote(query)}.` : 'The catalogue is empty. Add books with `wishlist books add` or `wishlist db seed`.')
  }
}

function onlineConfig(ctx: Context, query: string | undefined) {
  if (query === undefined || query.trim() === '') {
    throw new UsageError('--online needs a QUERY: the words to search Open Library for.', 'For example `wishlist books "project hail mary" --online`.')
  }
  const config = catalogueConfig(ctx.env, ctx.options.offline)
  if (!config.baseUrl) {
    throw new UsageError(
      '--online cannot be used offline (--offline or WISHLIST_OFFLINE is set): nothing was sent.',
      'Drop --online to search the catalogue alone, or leave offline mode to search Open Library too.',
    )
  }
  return config
}
