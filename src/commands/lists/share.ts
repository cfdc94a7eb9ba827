import type { Context } from '../../context.js'
import { UsageError } from '../../errors.js'
import { printJson } from '../../output/render.js'
import { sharingJson } from '../../output/sharing.js'
import { count, quote } from '../../output/words.js'
import { currentUser } from '../../session.js'
import { setPublic, shareList, sharingOf } from '../../store/shares.js'
import { type User, getUser } from '../../store/users.js'
import { getList } from '../../store/wishlists.js'

export interface ShareOptions {
  public?: boolean
}

/** `lists share LIST USER...` and `lists share LIST --public`. */
export async function shareRun(ctx: Context, listRef: string, userRefs: string[], options: ShareOptions): Promise<void> {
  if (userRefs.length === 0 && !options.public) {
    throw new UsageError('Name the users to share the list with, or pass --public.', 'For example: wishlist lists share Birthday ben@example.com')
  }
  const knex = await ctx.db()
  const me = await currentUser(ctx, knex)
  const list = await getList(knex, me.id, listRef)
  const users: User[] = []
  for (const ref of userRefs) {
    const user = await getUser(knex, ref)
    if (user.id === me.id) throw new UsageError(`${quote(list.name)} is your own list: you need not share it with yourself.`)
    if (!users.some((known) => known.id === user.id)) users.push(user)
  }
  const { added, wasPublic } = await knex.transaction(async (trx) => ({
    added: users.length > 0 ? await shareList(trx, list, users.map((user) => user.id)) : [],
    wasPublic: options.public ? await setPublic(trx, list, true) : undefined,
  }))
  users.forEach((user, index) =>
    ctx.info(added[index] ? `Shared ${quote(list.name)} with ${user.email}.` : `${quote(list.name)} was already shared with ${user.email}.`),
  )
  if (options.public) ctx.info(wasPublic ? `${quote(list.name)} was already public.` : `${quote(list.name)} is now public: every user of this database may see it.`)
  const sharing = (await sharingOf(knex, [list])).get(list.id)!
  if (ctx.options.json) return printJson(ctx.io, { id: list.id, name: list.name, ...sharingJson(sharing) })
  if (users.length > 1) ctx.info(`Shared with ${count(sharing.sharedWith.length, 'user')} in all.`)
}
