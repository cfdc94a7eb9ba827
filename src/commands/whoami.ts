import type { Context } from '../context.js'
import { printJson, printRecords } from '../output/render.js'
import { userColumns, userJson } from '../output/users.js'
import { currentUser } from '../session.js'

/** `wishlist whoami`: who "I" am here (--user, WISHLIST_USER, the saved default, the only user). */
export async function whoamiRun(ctx: Context): Promise<void> {
  const user = await currentUser(ctx, await ctx.db())
  if (ctx.options.json) return printJson(ctx.io, userJson(user))
  printRecords(ctx.io, userColumns, [user])
}
