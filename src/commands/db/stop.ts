import type { Context } from '../../context.js'
import { isAlive, readOwner } from '../../db/embedded/ownership.js'
import { embeddedPaths } from '../../db/embedded/paths.js'
import { UsageError } from '../../errors.js'

export async function stopRun(ctx: Context): Promise<void> {
  if (ctx.target.kind !== 'embedded') throw new UsageError('`db stop` is for the embedded database; this run uses a server.')
  const pid = await readOwner(embeddedPaths(ctx.target.dataDir))
  if (pid === undefined || !isAlive(pid)) return ctx.info('The embedded database is not running.')
  process.kill(pid, 'SIGTERM')
  for (let waited = 0; isAlive(pid) && waited < 10_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  ctx.info(`Stopped the embedded database server (pid ${pid}).`)
}
