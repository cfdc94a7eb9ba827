import type { Context } from '../../context.js'
import { bookColumns, bookJson } from '../../output/books.js'
import { printJson, printRecords } from '../../output/render.js'
import { QUERY_LIMIT, checkedText } from '../../domain/limits.js'
import { countMatches, searchBooks } from '../../store/books.js'

export async function booksRun(ctx: Context, query: string | undefined, options: { limit: number }): Promise<void> {
  if (query !== undefined) checkedText(query, 'QUERY', QUERY_LIMIT)
  const knex = await ctx.db()
  const books = await searchBooks(knex, query ?? '', options.limit)
  if (ctx.options.json) return printJson(ctx.io, books.map(bookJson))
  // On a terminal a full page says how many more there are (counted only then).
  const more = ctx.io.stdoutIsTTY && books.length === options.limit ? (await countMatches(knex, query ?? '')) - books.length : 0
  await ctx.page((io) =>
    printRecords(io, bookColumns, books, { footer: more > 0 ? `and ${more.toLocaleString('en')} more (--limit)` : undefined }),
  )
  if (books.length === 0) {
    ctx.info(query ? `No book matches "${query}".` : 'The catalogue is empty. Add books with `wishlist books add` or `wishlist db seed`.')
  }
}
