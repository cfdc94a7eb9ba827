import { type Command, InvalidArgumentError } from 'commander'
import type { Context, GlobalOptions } from './context.js'
import { translateLostConnection } from './db/lost-connection.js'
import { translatePermissionDenied } from './db/permission-denied.js'

/** Turns a command's handler into a commander action that gets a Context. */
export type Run = <A extends unknown[]>(
  handler: (ctx: Context, ...args: A) => Promise<void>,
) => (...args: unknown[]) => Promise<void>

export function makeRun(createContext: (globals: GlobalOptions) => Context): Run {
  return (handler) =>
    Object.assign(async (...args: unknown[]) => {
      const command = args.at(-1) as Command
      const given = command.optsWithGlobals()
      // --json is `--json=` or `--json=FIELDS` by now (src/output/json-fields.ts); -q has no default.
      const ctx = createContext({ ...given, json: given.json !== undefined && given.json !== false, quiet: given.quiet === true } as GlobalOptions)
      try {
        await handler(ctx, ...(args.slice(0, -1) as never))
      } catch (error) {
        // Any command's statement can meet a dropped connection: one place says so.
        // And one says what a role linked to a user may not do (docs/sharing.md).
        throw translatePermissionDenied(translateLostConnection(error, ctx.target))
      } finally {
        await ctx.close()
      }
    }, { handler })
}

type Handler = (ctx: Context, ...args: never[]) => Promise<void>

/**
 * A handler loaded on first use: registering a command (which every start-up does, for
 * --help and --version too) then costs nothing but its options and help text.
 */
export function lazy<M extends Record<K, Handler>, K extends keyof M>(load: () => Promise<M>, name: K) {
  const handler = async (ctx: Context, ...args: unknown[]): Promise<void> =>
    ((await load())[name] as unknown as (ctx: Context, ...args: unknown[]) => Promise<void>)(ctx, ...args)
  // Where the handler lives, for test/cli/command-files.test.ts.
  return Object.assign(handler, { load, handlerName: name })
}

/** The "Examples:" block every command's --help ends with. */
export function examples(...lines: string[]): string {
  return `\nExamples:\n${lines.map((line) => `  ${line}`).join('\n')}\n`
}

/** Collects a repeatable option (-l A -l B) into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value]
}

/** Parses --limit N and similar: a positive whole number. */
export function positiveInt(name: string) {
  return wholeNumber(name, 1)
}

/** Parses a count (`--others N`): a whole number, at least `min`, held exactly. */
export function wholeNumber(name: string, min = 0) {
  return (value: string): number => {
    const parsed = Number(value)
    if (!/^\d+$/.test(value) || parsed < min) {
      throw new InvalidArgumentError(`${name} must be a ${min === 1 ? 'positive ' : ''}whole number.`)
    }
    // Beyond this a number is no longer exact here, and far beyond what any table
    // holds; PostgreSQL's bigint would refuse 2^63 and up.
    if (!Number.isSafeInteger(parsed)) {
      throw new InvalidArgumentError(`${name} must be at most ${Number.MAX_SAFE_INTEGER}.`)
    }
    return parsed
  }
}
