import type { Context } from '../context.js'
import { myClaimColumns, myClaimJson } from '../output/sharing.js'
import { printJson, printRecords } from '../output/render.js'
import { currentUser } from '../session.js'
import { claimsOf } from '../store/claims.js'

/** `wishlist claims`: the books I said I will get, newest first. */
export async function claimsRun(ctx: Context): Promise<void> {
  const knex = await ctx.db()
  const me = await currentUser(ctx, knex)
  const claims = await claimsOf(knex, me.id)
  if (ctx.options.json) return printJson(ctx.io, claims.map(myClaimJson))
  printRecords(ctx.io, myClaimColumns, claims)
  for (const claim of claims.filter((claim) => claim.leftAt)) {
    ctx.info(
      `${claim.title} left ${claim.ownerEmail}'s list ${claim.listName ?? ''}: your claim no longer holds (\`wishlist unclaim\` clears it).`,
    )
  }
  if (claims.length === 0) ctx.info('No claims yet. Claim a book on a list shared with you: `wishlist claim BOOK -l LIST --owner USER`.')
}
