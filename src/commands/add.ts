import type { Knex } from 'knex'
import type { Context } from '../context.js'
import { isUuid } from '../domain/uuid.js'
import { printJson } from '../output/render.js'
import { currentUser } from '../session.js'
import { type Book, countMatches, ensureBookByIsbn, searchBooks } from '../store/books.js'
import { type Priority, addEntries, booksOnList, updateEntry } from '../store/entries.js'
import { entryFields } from './shared/entry-fields.js'
import {
  DEFAULT_LIST_NAME,
  type Wishlist,
  defaultList,
  ensureDefaultList,
  ensureList,
  findList,
  getList,
} from '../store/wishlists.js'
import { type WantedBook, parseBookArgs, resolveOrFetchBooks, resolvePicked } from './shared/resolve-books.js'
import { PICKER_SIZE } from './shared/messages.js'
import { pickerOnlineSearch } from './shared/online-picker.js'
import { quote } from '../output/words.js'
import type { PickedBook } from '../prompter.js'

export interface AddOptions {
  list?: string[]
  create?: boolean
  priority?: Priority
  note?: string
  /** New entries at the top of each list instead of the bottom. */
  top?: boolean
}

/** A list to add to: found already, or to be created inside the transaction. */
type Target = { list: Wishlist } | { create: string } | { createDefault: true }

export async function addRun(ctx: Context, bookArgs: string[], options: AddOptions): Promise<void> {
  // Checked before anything else: a bad note changes nothing.
  const fields = entryFields(options)
  const args = await parseBookArgs(ctx, bookArgs)
  if (args.length === 0) ctx.requirePrompt('BOOK')
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const targets = await findTargets(knex, user.id, options)

  // Books found online are looked up here, before the transaction, and created in it.
  const wanted: WantedBook[] =
    args.length > 0 ? await resolveOrFetchBooks(ctx, knex, args) : await resolvePicked(ctx, knex, await pickBooks(ctx, knex, targets))
  if (wanted.length === 0) {
    ctx.info('No books chosen; nothing added.')
    if (ctx.options.json) printJson(ctx.io, [])
    return
  }

  const { created, newBooks, results } = await knex.transaction(async (trx) => {
    const books: Book[] = []
    const newBooks = new Set<string>()
    for (const want of wanted) {
      if ('book' in want) books.push(want.book)
      else {
        const { fetched } = want
        const ensured = await ensureBookByIsbn(trx, {
          title: fetched.title,
          author: fetched.authors,
          isbn: fetched.isbn13,
          publicationDate: fetched.publishDate,
        })
        if (ensured.created) newBooks.add(ensured.book.id)
        books.push(ensured.book)
      }
    }
    const lists: Wishlist[] = []
    const created: Wishlist[] = []
    for (const target of targets) {
      if ('list' in target) lists.push(target.list)
      else {
        const ensured =
          'create' in target ? await ensureList(trx, user.id, target.create) : await ensureDefaultList(trx, user.id)
        if (ensured.created) created.push(ensured.list)
        lists.push(ensured.list)
      }
    }
    const pairs = books.flatMap((book) => lists.map((list) => ({ book, list })))
    const added = await addEntries(
      trx,
      pairs.map(({ book, list }) => ({ list, bookId: book.id })),
      { ...fields, top: options.top },
    )
    // A book already there keeps its place; --priority and --note change it.
    const change = fields.priority !== undefined || fields.note !== undefined
    const results = []
    for (const [index, pair] of pairs.entries()) {
      const updated = !added[index] && change && (await updateEntry(trx, pair.list.id, pair.book.id, fields))
      results.push({ ...pair, added: added[index]!, updated })
    }
    return { created, newBooks, results }
  })

  // Reported after the commit, so nothing is claimed that a rollback undid.
  for (const list of created) ctx.info(`Created list ${quote(list.name)}.`)
  const told = new Set<string>()
  for (const { book } of results) {
    if (!newBooks.has(book.id) || told.has(book.id)) continue
    told.add(book.id)
    ctx.info(`Found online, new to the catalogue: ${quote(book.title)}${book.author ? ` by ${book.author}` : ''}.`)
  }
  const changes = [fields.priority && `priority ${fields.priority}`, fields.note === undefined ? undefined : 'the note']
    .filter(Boolean)
    .join(' and ')
  for (const { book, list, added, updated } of results) {
    ctx.info(
      added
        ? `Added ${quote(book.title)} to ${list.name}${options.top ? ' (at the top)' : ''}.`
        : updated
          ? `Updated ${quote(book.title)} on ${list.name} (${changes}); it was already there.`
          : `${quote(book.title)} is already on ${list.name}.`,
    )
  }
  if (ctx.options.json) {
    printJson(
      ctx.io,
      results.map(({ book, list, added, updated }) => ({
        book_id: book.id,
        user_id: list.userId,
        wishlist_id: list.id,
        added,
        book_created: newBooks.has(book.id),
        updated,
      })),
    )
  }
}

/**
 * The lists named by -l (an unknown one is exit 3 unless --create), else the
 * default list. Read before any prompt; anything missing is created in the transaction.
 */
async function findTargets(knex: Knex, userId: string, options: AddOptions): Promise<Target[]> {
  if (!options.list?.length) {
    const list = await defaultList(knex, userId)
    return [list ? { list } : { createDefault: true }]
  }
  const targets: Target[] = []
  const seen = new Set<string>()
  for (const ref of options.list) {
    const list = await findList(knex, userId, ref)
    // An id cannot be created; getList throws the not-found error with its hint.
    if (!list && (!options.create || isUuid(ref))) await getList(knex, userId, ref)
    const key = list ? list.id : ref.trim().toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    targets.push(list ? { list } : { create: ref })
  }
  return targets
}

/**
 * The searchable picker; books already on the (first) target list are marked. After a
 * pause it also searches the online catalogue (src/picker/online-results.ts decides when).
 */
function pickBooks(ctx: Context, knex: Knex, targets: Target[]): Promise<PickedBook[]> {
  const first = targets[0]!
  const listId = 'list' in first ? first.list.id : undefined
  const name = 'list' in first ? first.list.name : 'create' in first ? first.create : DEFAULT_LIST_NAME
  const choices = async (found: Book[]) => {
    const onList = listId ? await booksOnList(knex, listId, found.map((book) => book.id)) : new Set<string>()
    return found.map((book) => ({ book, onList: onList.has(book.id) }))
  }
  return ctx.prompter.pickBooks({
    message: `Books to add to ${name}${targets.length > 1 ? ` and ${targets.length - 1} more` : ''}`,
    multiple: true,
    // The picker asks for more rows as the user scrolls (limit grows a page at a time).
    search: async (term, signal, limit = PICKER_SIZE) => {
      const found = await searchBooks(knex, term, limit)
      // A superseded or cancelled search sends no second query (after Ctrl-C the
      // connection is being closed, and a query started then would keep it open).
      return signal.aborted ? [] : choices(found)
    },
    count: (term) => countMatches(knex, term),
    online: pickerOnlineSearch(ctx, knex, choices),
  })
}
