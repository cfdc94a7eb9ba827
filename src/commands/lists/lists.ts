import type { Context } from '../../context.js'
import { listColumns, listJson } from '../../output/lists.js'
import { printJson, printRecords } from '../../output/render.js'
import { othersListColumns, othersListJson, sharingJson, sharingText } from '../../output/sharing.js'
import { currentUser } from '../../session.js'
import { listsSharedWith, sharingOf } from '../../store/shares.js'
import { defaultList, listsOf } from '../../store/wishlists.js'

export interface ListsOptions {
  /** The lists others share with me instead of mine. */
  shared?: boolean
}

export async function listsRun(ctx: Context, options: ListsOptions = {}): Promise<void> {
  const knex = await ctx.db()
  const user = await currentUser(ctx, knex)
  if (options.shared) {
    const lists = await listsSharedWith(knex, user.id)
    if (ctx.options.json) return printJson(ctx.io, lists.map(othersListJson))
    printRecords(ctx.io, othersListColumns, lists)
    if (lists.length === 0) ctx.info('Nobody shares a list with you yet.')
    return
  }
  const lists = await listsOf(knex, user.id)
  const sharing = await sharingOf(knex, lists)
  // The default list (the oldest) is marked: `show` and `add` use it without -l.
  const defaultId = (await defaultList(knex, user.id))?.id
  if (ctx.options.json) {
    return printJson(ctx.io, lists.map((list) => ({ ...listJson(list), default: list.id === defaultId, ...sharingJson(sharing.get(list.id)!), owner: user.email })))
  }
  printRecords(
    ctx.io,
    [...listColumns, { header: 'Shared', plain: (list) => sharingText(sharing.get(list.id)), flex: true }],
    lists.map((list) => ({ ...list, isDefault: list.id === defaultId })),
  )
  if (lists.length === 0) ctx.info('No lists yet. Create one with `wishlist lists create NAME`, or just `wishlist add BOOK`.')
}
