import type { Context } from '../../context.js'
import { embeddedPaths } from '../../db/embedded/paths.js'
import { stopServer } from '../../db/embedded/stop-server.js'
import { DatabaseError, UsageError } from '../../errors.js'

export async function stopRun(ctx: Context): Promise<void> {
  if (ctx.target.kind !== 'embedded') throw new UsageError('`db stop` is for the embedded database; this run uses a server.')
  const paths = embeddedPaths(ctx.target.dataDir)
  const outcome = await stopServer(paths)
  switch (outcome.kind) {
    case 'not-running':
      return ctx.info('The embedded database is not running.')
    case 'stopped':
      return ctx.info(`Stopped the embedded database server (pid ${outcome.pid}).`)
    case 'suspended':
      throw new DatabaseError(
        `The embedded database server (pid ${outcome.pid}) is suspended (stopped by a signal); it has not stopped.`,
        `It stops as soon as it is resumed: kill -CONT ${outcome.pid}`,
      )
    case 'still-running':
      throw new DatabaseError(
        `The embedded database server (pid ${outcome.pid}) did not stop within 10 s.`,
        `It may be busy with a long statement; try again, or see ${paths.log}.`,
      )
    case 'unknown-holder':
      throw new DatabaseError(
        `The embedded database in ${ctx.target.dataDir} is held by a process that is not a wishlist server this command can identify.`,
        'Nothing was signalled.',
      )
  }
}
