import type { Context } from '../context.js'
import { parseBookRef } from '../domain/book-ref.js'
import { UsageError } from '../errors.js'
import { printJson } from '../output/render.js'
import { quote } from '../output/words.js'
import { currentUser } from '../session.js'
import { type Priority, findEntry, updateEntry } from '../store/entries.js'
import { storeError } from '../store/errors.js'
import { resolveBooks } from './shared/resolve-books.js'
import { entryFields } from './shared/entry-fields.js'
import { existingList } from './shared/target-list.js'

export interface EditOptions {
  list?: string
  priority?: Priority
  /** A string from --note TEXT, false from --no-note, undefined when neither. */
  note?: string | false
}

export async function editRun(ctx: Context, bookArg: string, options: EditOptions): Promise<void> {
  const fields = entryFields(options)
  if (fields.priority === undefined && fields.note === undefined) {
    throw new UsageError('Nothing to change: give --priority, --note TEXT or --no-note.')
  }
  const ref = parseBookRef(bookArg)
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const list = await existingList(knex, user.id, options.list)
  const [book] = await resolveBooks(ctx, knex, [{ ref }], { list: list.id })
  const entry = await knex.transaction(async (trx) => {
    if (!(await updateEntry(trx, list.id, book!.id, fields))) throw storeError({ kind: 'no-entry', title: book!.title, list: list.name })
    return (await findEntry(trx, list.id, book!.id))!
  })
  const what = [
    fields.priority !== undefined ? `priority ${entry.priority}` : undefined,
    fields.note === null ? 'no note' : fields.note !== undefined ? 'the note' : undefined,
  ].filter(Boolean)
  ctx.info(`Set ${what.join(' and ')} for ${quote(book!.title)} on ${list.name}.`)
  if (ctx.options.json) {
    printJson(ctx.io, {
      book_id: book!.id,
      wishlist_id: list.id,
      position: entry.position,
      priority: entry.priority,
      note: entry.note,
    })
  }
}
