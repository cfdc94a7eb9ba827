import type { Context } from '../../context.js'
import { UsageError } from '../../errors.js'
import { printJson } from '../../output/render.js'
import { sharingJson } from '../../output/sharing.js'
import { count, quote } from '../../output/words.js'
import { currentUser } from '../../session.js'
import { makePrivate, setPublic, sharingOf, unshareList } from '../../store/shares.js'
import { type User, getUser } from '../../store/users.js'
import { getList } from '../../store/wishlists.js'

export interface UnshareOptions {
  public?: boolean
}

/**
 * `lists unshare LIST USER...` (no longer shared with them), `--public` (no longer
 * public), or neither: private again, shared with nobody.
 */
export async function unshareRun(ctx: Context, listRef: string, userRefs: string[], options: UnshareOptions): Promise<void> {
  const knex = await ctx.db()
  const me = await currentUser(ctx, knex)
  const list = await getList(knex, me.id, listRef)
  const users: User[] = []
  for (const ref of userRefs) users.push(await getUser(knex, ref))
  if (users.length === 0 && !options.public) {
    const removed = await makePrivate(knex, list)
    ctx.info(`${quote(list.name)} is private now${removed > 0 ? ` (no longer shared with ${count(removed, 'user')})` : ''}.`)
  } else {
    const { removed, wasPublic } = await knex.transaction(async (trx) => ({
      removed: users.length > 0 ? await unshareList(trx, list, users.map((user) => user.id)) : [],
      wasPublic: options.public ? await setPublic(trx, list, false) : undefined,
    }))
    users.forEach((user, index) =>
      ctx.info(removed[index] ? `${quote(list.name)} is no longer shared with ${user.email}.` : `${quote(list.name)} was not shared with ${user.email}.`),
    )
    if (options.public) ctx.info(wasPublic ? `${quote(list.name)} is no longer public.` : `${quote(list.name)} was not public.`)
  }
  if (ctx.options.json) {
    const sharing = (await sharingOf(knex, [list])).get(list.id)!
    printJson(ctx.io, { id: list.id, name: list.name, ...sharingJson(sharing) })
  }
}
