import { spawn, spawnSync } from 'node:child_process'
import { createInterface } from 'node:readline'
import type pg from 'pg'
import type { Context } from '../../context.js'
import { WishlistError } from '../../errors.js'
import { printRecords } from '../../output/render.js'
import { safeText } from '../../output/safe-text.js'

/**
 * A SQL prompt on the configured database, as the original project's `make shell-db`.
 * A server gets psql when it is installed; the embedded database (and a server without
 * psql) gets a small built-in prompt that behaves like psql where it can: statements
 * end with ';', Ctrl-C clears the statement being typed, Ctrl-D on an empty line and
 * \q quit, \? lists the backslash commands.
 */
export async function shellRun(ctx: Context): Promise<void> {
  if (ctx.target.kind === 'server' && hasPsql(ctx.env)) {
    await ctx.db('any') // the same connection checks and messages as every other command
    const { url, password } = withoutPassword(ctx.target.url)
    // The password goes in psql's environment, never its arguments: any local user can
    // read a process's arguments (ps), only its owner its environment.
    const env = { ...ctx.env, ...(password === undefined ? {} : { PGPASSWORD: password }) }
    const code = await new Promise<number>((resolve) => {
      spawn('psql', [url], { stdio: 'inherit', env }).on('exit', (exitCode) => resolve(exitCode ?? 1))
    })
    if (code !== 0) throw new WishlistError(`psql exited with status ${code}.`)
    return
  }
  await builtInShell(ctx)
}

function hasPsql(env: Context['env']): boolean {
  return spawnSync('psql', ['--version'], { stdio: 'ignore', env }).status === 0
}

/** The URL without its password (user:password@ or ?password=), and the password. */
export function withoutPassword(url: string): { url: string; password?: string } {
  const parsed = new URL(url)
  const password = parsed.searchParams.get('password') ?? (parsed.password ? decodeURIComponent(parsed.password) : undefined)
  parsed.password = ''
  parsed.searchParams.delete('password')
  return { url: parsed.toString(), password }
}

const HELP = `Backslash commands:
  \\dt   list tables
  \\r    clear the statement being typed
  \\q    quit
  \\?    this list
Statements end with ";". Ctrl-C clears the statement being typed; Ctrl-D on an empty line quits.`

const TABLES_SQL = "select table_name from information_schema.tables where table_schema = current_schema() order by 1"

// Any schema: a prompt is how to look at a database that is behind or was migrated by
// a newer version (the embedded server still migrates an older one when it starts).
async function builtInShell(ctx: Context): Promise<void> {
  const knex = await ctx.db('any')
  // One connection for the whole session, as psql has: BEGIN, SET and temporary
  // tables last from one statement to the next.
  const connection = (await knex.client.acquireConnection()) as pg.PoolClient
  try {
    await readStatements(ctx, connection)
  } finally {
    await knex.client.releaseConnection(connection)
  }
}

async function readStatements(ctx: Context, connection: pg.PoolClient): Promise<void> {
  const interactive = ctx.io.stdinIsTTY
  const lines = createInterface({ input: ctx.io.stdin, output: interactive ? ctx.io.stdout : undefined, terminal: interactive })
  let buffer = ''
  let failures = 0
  const prompt = () => {
    if (!interactive) return
    lines.setPrompt(buffer ? 'wishlist-> ' : 'wishlist=> ')
    lines.prompt()
  }
  if (interactive) {
    ctx.info('SQL prompt on the wishlist database. End statements with ";". \\? lists commands, \\q quits.')
    // As psql: Ctrl-C throws away the statement being typed, lines already entered
    // included, and gives a fresh prompt. (With no listener, readline would pause and
    // end the input, and the unfinished statement would run.)
    lines.on('SIGINT', () => {
      buffer = ''
      const editable = lines as unknown as { line: string; cursor: number }
      editable.line = ''
      editable.cursor = 0
      ctx.io.stdout.write('^C\n')
      prompt()
    })
  }
  prompt()
  for await (const line of lines) {
    const trimmed = line.trim()
    if (trimmed.startsWith('\\')) {
      // A backslash command, whatever is in the buffer; never sent as SQL.
      const command = trimmed.split(/\s+/)[0]!
      if (command === '\\q') break
      if (command === '\\?') ctx.io.stdout.write(`${HELP}\n`)
      else if (command === '\\dt') failures += (await execute(ctx, connection, TABLES_SQL)) ? 0 : 1
      else if (command === '\\r') buffer = ''
      else {
        ctx.io.stderr.write(`invalid command ${safeText(command)}. Try \\? for help.\n`)
        failures++
      }
    } else {
      buffer += (buffer ? '\n' : '') + line
      if (buffer.trim().endsWith(';')) {
        const statement = buffer
        buffer = ''
        failures += (await execute(ctx, connection, statement)) ? 0 : 1
      }
    }
    prompt()
  }
  lines.close()
  // End of input. From a pipe, a last statement without ';' still runs (as psql -f);
  // Ctrl-D on a terminal quits without running what was being typed.
  if (buffer.trim() && !interactive) failures += (await execute(ctx, connection, buffer)) ? 0 : 1
  if (interactive) ctx.io.stdout.write('\n')
  if (!interactive && failures > 0) throw new WishlistError(`${failures} statement(s) or command(s) failed.`)
}

/**
 * Runs what was typed as it stands (no placeholders: '?' is literal) and prints each
 * result. Rows come as arrays, so `select 1, 2` with two columns named ?column? shows
 * both values. Everything from the database, names included, passes through safeText.
 */
async function execute(ctx: Context, connection: pg.PoolClient, sql: string): Promise<boolean> {
  try {
    const results = await connection.query({ text: sql, rowMode: 'array' })
    // Several statements in one go give one result each.
    for (const result of (Array.isArray(results) ? results : [results]) as pg.QueryArrayResult[]) {
      if (result.fields.length > 0) {
        printRecords(
          ctx.io,
          result.fields.map((field, index) => ({ header: safeText(field.name), plain: (row: unknown[]) => format(row[index]) })),
          result.rows,
        )
      }
      ctx.info(`(${result.command ?? 'OK'}${result.rowCount === null ? '' : ` ${result.rowCount}`})`)
    }
    return true
  } catch (error) {
    ctx.io.stderr.write(`ERROR: ${safeText((error as Error).message)}\n`)
    return false
  }
}

function format(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
