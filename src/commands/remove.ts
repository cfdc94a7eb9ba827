import type { Knex } from 'knex'
import type { Context } from '../context.js'
import { NotFoundError } from '../errors.js'
import { printJson } from '../output/render.js'
import { currentUser } from '../session.js'
import { type Book, searchBooks } from '../store/books.js'
import { removeEntries } from '../store/entries.js'
import { type Wishlist, getList } from '../store/wishlists.js'
import { parseBookArgs, resolveBooks } from './shared/resolve-books.js'
import { PICKER_SIZE } from './shared/messages.js'
import { existingList } from './shared/target-list.js'
import { quote } from '../output/words.js'

export interface RemoveOptions {
  /** -l, repeatable: every list to remove the books from. */
  list?: string[]
  force?: boolean
}

export async function removeRun(ctx: Context, bookArgs: string[], options: RemoveOptions): Promise<void> {
  const args = await parseBookArgs(ctx, bookArgs)
  if (args.length === 0) ctx.requirePrompt('BOOK')
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const lists = await findLists(knex, user.id, options.list)
  const first = lists[0]!

  // Free text is matched against the first list's books (`remove dune` means the Dune
  // on the list); a book from the catalogue that is on none of them is then "not on".
  const books = args.length > 0 ? await resolveBooks(ctx, knex, args, { list: first.id }) : await pickBooks(ctx, knex, lists)
  if (books.length === 0) {
    ctx.info('No books chosen; nothing removed.')
    if (ctx.options.json) printJson(ctx.io, [])
    return
  }

  // All or nothing, as add: without -f, one book that is not on one of the lists
  // rolls back every removal.
  const results = await knex.transaction(async (trx) => {
    const removedFrom = new Map<string, boolean[]>()
    for (const list of lists) removedFrom.set(list.id, await removeEntries(trx, list.id, books.map((book) => book.id)))
    const pairs = books.flatMap((book, index) =>
      lists.map((list) => ({ book, list, removed: removedFrom.get(list.id)![index]! })),
    )
    const missing = pairs.filter((pair) => !pair.removed)
    if (missing.length > 0 && !options.force) throw notOnLists(missing)
    return pairs
  })

  for (const { book, list, removed } of results) {
    ctx.info(removed ? `Removed ${quote(book.title)} from ${list.name}.` : `${quote(book.title)} was not on ${list.name}.`)
  }
  if (ctx.options.json) {
    printJson(
      ctx.io,
      results.map(({ book, list, removed }) => ({ book_id: book.id, wishlist_id: list.id, removed })),
    )
  }
}

/** The lists named by -l (each must exist; repeats count once), else the default. */
async function findLists(knex: Knex, userId: string, refs: string[] | undefined): Promise<Wishlist[]> {
  if (!refs?.length) return [await existingList(knex, userId, undefined)]
  const lists = new Map<string, Wishlist>()
  for (const ref of refs) {
    const list = await getList(knex, userId, ref)
    if (!lists.has(list.id)) lists.set(list.id, list)
  }
  return [...lists.values()]
}

/** "“A” is not on To read; “B” is not on To read or Birthday; nothing was removed." */
function notOnLists(missing: { book: Book; list: Wishlist }[]): NotFoundError {
  const byBook = new Map<string, { book: Book; lists: string[] }>()
  for (const { book, list } of missing) {
    const entry = byBook.get(book.id) ?? { book, lists: [] }
    entry.lists.push(list.name)
    byBook.set(book.id, entry)
  }
  const parts = [...byBook.values()].map(({ book, lists }) => `${quote(book.title)} is not on ${orList(lists)}`)
  return new NotFoundError(
    `${parts.join('; ')}; nothing was removed.`,
    'Pass -f to skip books that are not on a list; see a list with `wishlist show LIST`.',
  )
}

function orList(names: string[]): string {
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`
}

/** A picker over the first list's books. */
async function pickBooks(ctx: Context, knex: Knex, lists: Wishlist[]): Promise<Book[]> {
  const first = lists[0]!
  // No online search here: a book that is not in the catalogue is on no list.
  const picked = await ctx.prompter.pickBooks({
    message: `Books to remove from ${first.name}${lists.length > 1 ? ` and ${lists.length - 1} more` : ''}`,
    multiple: true,
    search: async (term) =>
      (await searchBooks(knex, term, PICKER_SIZE, { wishlistId: first.id })).map((book) => ({ book, onList: true })),
  })
  return picked.filter((book): book is Book => !('source' in book))
}
