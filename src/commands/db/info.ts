import type { Context } from '../../context.js'
import { recordedEngine } from '../../db/embedded/engine.js'
import { embeddedPaths } from '../../db/embedded/paths.js'
import { schemaState } from '../../db/schema.js'
import { redactUrl } from '../../db/target.js'
import { printJson, printRecords } from '../../output/render.js'

export async function infoRun(ctx: Context): Promise<void> {
  const { target } = ctx
  const knex = await ctx.db('any')
  const [{ server_version }] = (await knex.raw('show server_version')).rows
  const info: Record<string, string> =
    target.kind === 'server'
      ? { backend: 'server', url: redactUrl(target.url) }
      : {
          backend: 'embedded',
          engine: recordedEngine(embeddedPaths(target.dataDir)) ?? 'pglite',
          data_dir: target.dataDir,
          socket: embeddedPaths(target.dataDir).socket,
        }
  info.server_version = server_version
  info.schema = await schemaState(knex)
  if (ctx.options.json) return printJson(ctx.io, info)
  printRecords(ctx.io, [
    { header: 'Key', plain: (row) => row[0] },
    { header: 'Value', plain: (row) => row[1] },
  ], Object.entries(info))
}
