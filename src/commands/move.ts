import type { Context } from '../context.js'
import { parseBookRef } from '../domain/book-ref.js'
import { UsageError } from '../errors.js'
import { printJson } from '../output/render.js'
import { quote } from '../output/words.js'
import { currentUser } from '../session.js'
import { type MoveTarget, moveEntry } from '../store/entries.js'
import { resolveBooks } from './shared/resolve-books.js'
import { existingList } from './shared/target-list.js'

export interface MoveOptions {
  top?: boolean
  bottom?: boolean
  before?: string
  after?: string
  to?: number
  list?: string
}

const WHERE = 'one of --top, --bottom, --before BOOK, --after BOOK or --to N'

export async function moveRun(ctx: Context, bookArg: string, options: MoveOptions): Promise<void> {
  const given = (['top', 'bottom', 'before', 'after', 'to'] as const).filter((key) => options[key] !== undefined && options[key] !== false)
  if (given.length !== 1) {
    throw new UsageError(given.length === 0 ? `Say where to move it: ${WHERE}.` : `Give only one of --${given.join(', --')}.`)
  }
  const ref = parseBookRef(bookArg)
  const relativeRef = options.before ?? options.after
  const other = relativeRef === undefined ? undefined : parseBookRef(relativeRef)
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const list = await existingList(knex, user.id, options.list)
  const [book] = await resolveBooks(ctx, knex, [{ ref }], { list: list.id })
  const relative = other && (await resolveBooks(ctx, knex, [{ ref: other }], { list: list.id }))[0]
  if (relative && relative.id === book!.id) {
    throw new UsageError(`Cannot move a book ${options.before !== undefined ? 'before' : 'after'} itself.`)
  }
  const target: MoveTarget = options.top
    ? { top: true }
    : options.bottom
      ? { bottom: true }
      : options.to !== undefined
        ? { to: options.to }
        : options.before !== undefined
          ? { before: relative!.id }
          : { after: relative!.id }
  const result = await knex.transaction((trx) => moveEntry(trx, list, book!, target, relative))
  ctx.info(
    result.moved
      ? `Moved ${quote(book!.title)} to position ${result.position} of ${result.of} on ${list.name}.`
      : `${quote(book!.title)} is already at position ${result.position} of ${result.of} on ${list.name}.`,
  )
  if (ctx.options.json) {
    printJson(ctx.io, { book_id: book!.id, wishlist_id: list.id, position: result.position, moved: result.moved })
  }
}
