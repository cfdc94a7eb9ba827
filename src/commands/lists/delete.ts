import type { Context } from '../../context.js'
import { DeclinedError } from '../../errors.js'
import { listJson } from '../../output/lists.js'
import { printJson } from '../../output/render.js'
import { safeText } from '../../output/safe-text.js'
import { currentUser } from '../../session.js'
import { bookCount } from '../../store/entries.js'
import { deleteList, getList } from '../../store/wishlists.js'
import { count as plural, quote } from '../../output/words.js'

export async function deleteRun(ctx: Context, ref: string, options: { yes?: boolean }): Promise<void> {
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  const list = await getList(knex, user.id, ref)
  const count = await bookCount(knex, list.id)
  if (!options.yes) {
    ctx.requirePrompt('--yes')
    // Typing the name (as gh does for repositories) guards against deleting the wrong list.
    const typed = await ctx.prompter.input(
      `Delete list ${quote(safeText(list.name))} and its ${plural(count, 'entry', 'entries')}? The books stay in the catalogue. Type its name to confirm:`,
    )
    if (typed.trim().toLowerCase() !== list.name.toLowerCase()) {
      throw new DeclinedError(`${quote(typed.trim())} is not the list's name; nothing was deleted.`)
    }
  }
  await deleteList(knex, list)
  if (ctx.options.json) return printJson(ctx.io, listJson({ ...list, bookCount: count }))
  ctx.info(`Deleted list ${quote(list.name)} (it had ${plural(count, 'book')}; the books stay in the catalogue).`)
}
