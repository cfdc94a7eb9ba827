import { spawn, spawnSync } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Context } from '../../context.js'
import { WishlistError } from '../../errors.js'
import { printRecords } from '../../output/render.js'

/**
 * A SQL prompt on the configured database, as the original project's `make shell-db`.
 * A server gets psql when it is installed; the embedded database (and a server without
 * psql) gets a small built-in prompt: statements end with ';', \dt lists tables, \q quits.
 */
export async function shellRun(ctx: Context): Promise<void> {
  if (ctx.target.kind === 'server' && hasPsql()) {
    await ctx.db('any') // the same connection checks and messages as every other command
    const code = await new Promise<number>((resolve) => {
      spawn('psql', [ctx.target.kind === 'server' ? ctx.target.url : ''], { stdio: 'inherit' }).on('exit', (exitCode) =>
        resolve(exitCode ?? 1),
      )
    })
    if (code !== 0) throw new WishlistError(`psql exited with status ${code}.`)
    return
  }
  await builtInShell(ctx)
}

function hasPsql(): boolean {
  return spawnSync('psql', ['--version'], { stdio: 'ignore' }).status === 0
}

// Any schema: a prompt is how to look at a database that is behind or was migrated by
// a newer version (the embedded server still migrates an older one when it starts).
async function builtInShell(ctx: Context): Promise<void> {
  const knex = await ctx.db('any')
  const interactive = ctx.io.stdinIsTTY
  const lines = createInterface({ input: ctx.io.stdin, output: interactive ? ctx.io.stdout : undefined, terminal: interactive })
  if (interactive) ctx.info('SQL prompt on the wishlist database. End statements with ";". \\dt lists tables, \\q quits.')
  const prompt = () => {
    if (interactive) ctx.io.stdout.write(buffer ? 'wishlist-> ' : 'wishlist=> ')
  }
  let buffer = ''
  let failures = 0
  prompt()
  for await (const line of lines) {
    const trimmed = line.trim()
    if (!buffer && trimmed === '\\q') break
    if (!buffer && trimmed === '\\dt') {
      buffer = "select table_name from information_schema.tables where table_schema = 'public' order by 1;"
    } else {
      buffer += (buffer ? '\n' : '') + line
    }
    if (buffer.trim().endsWith(';')) {
      failures += (await execute(ctx, knex, buffer)) ? 0 : 1
      buffer = ''
    }
    prompt()
  }
  if (buffer.trim()) failures += (await execute(ctx, knex, buffer)) ? 0 : 1
  if (!interactive && failures > 0) throw new WishlistError(`${failures} statement(s) failed.`)
}

async function execute(ctx: Context, knex: import('knex').Knex, sql: string): Promise<boolean> {
  try {
    // Placeholders are not wanted here: '?' in SQL typed by hand is literal.
    const result = await knex.raw(sql.replace(/\?/g, '\\?'))
    const fields: { name: string }[] = result.fields ?? []
    if (fields.length > 0) {
      printRecords(
        { ...ctx.io },
        fields.map((field) => ({ header: field.name, plain: (row: Record<string, unknown>) => format(row[field.name]) })),
        result.rows,
      )
    }
    ctx.info(`(${result.command ?? 'OK'} ${result.rowCount ?? 0})`)
    return true
  } catch (error) {
    ctx.io.stderr.write(`ERROR: ${(error as Error).message}\n`)
    return false
  }
}

function format(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
