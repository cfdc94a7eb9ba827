import type { Context } from '../../context.js'
import { bookColumns, bookJson } from '../../output/books.js'
import { printJson, printRecords } from '../../output/render.js'
import { QUERY_LIMIT, checkedText } from '../../domain/limits.js'
import { searchBooks } from '../../store/books.js'
import { quote } from '../../output/words.js'

export async function booksRun(ctx: Context, query: string | undefined, options: { limit: number }): Promise<void> {
  if (query !== undefined) checkedText(query, 'QUERY', QUERY_LIMIT)
  const knex = await ctx.db()
  const books = await searchBooks(knex, query ?? '', options.limit)
  if (ctx.options.json) return printJson(ctx.io, books.map(bookJson))
  printRecords(ctx.io, bookColumns, books)
  if (books.length === 0) {
    ctx.info(query ? `No book matches ${quote(query)}.` : 'The catalogue is empty. Add books with `wishlist books add` or `wishlist db seed`.')
  }
}
