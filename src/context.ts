import type { Knex } from 'knex'
import { configPath } from './config.js'
import type { ConnectOptions } from './db/connect.js'
import { type DbTarget, resolveTarget } from './db/target.js'
import { UsageError } from './errors.js'
import { type Interrupts, NO_INTERRUPTS } from './interrupts.js'
import type { IO } from './io.js'
import { paged } from './output/pager.js'
import { safeLines, safeText } from './output/safe-text.js'
import { type Prompter, createPrompter } from './prompter.js'

/** The global options of SPEC "Commands", after parsing. */
export interface GlobalOptions {
  json: boolean
  db?: string
  dataDir?: string
  user?: string
  /** false with --no-input. */
  input: boolean
  /** false with --no-color. */
  color: boolean
  quiet: boolean
  /** --offline: nothing is sent to the online catalogue (src/catalogue/). */
  offline?: boolean
  /** false with --no-pager. */
  pager?: boolean
}

/** Everything a command may use; nothing reaches for process.* directly. */
export interface Context {
  io: IO
  env: Record<string, string | undefined>
  options: GlobalOptions
  target: DbTarget
  configPath: string
  prompter: Prompter
  /** True when stdin and stdout are terminals and --no-input was not given. */
  canPrompt: boolean
  /** The database, opened on first call and kept for the rest of the run. */
  db(schema?: ConnectOptions['schema']): Promise<Knex>
  /** Progress and confirmations on stderr; silent with -q. */
  info(message: string): void
  /** Warnings on stderr, even with -q. */
  warn(message: string): void
  /** Fails with exit 2 naming what to pass, when a prompt cannot be shown. */
  requirePrompt(what: string): void
  /** What Ctrl-C says from now on (then exit 130); undefined: the default. */
  onInterrupt(message: string | undefined): void
  /**
   * Runs `write` with stdout through the pager when stdout is a terminal
   * (src/output/pager.ts); `write` may run twice when the pager cannot start.
   */
  page(write: (io: IO) => void | Promise<void>): Promise<void>
  close(): Promise<void>
}

export interface ContextOptions {
  io: IO
  env: Record<string, string | undefined>
  options: GlobalOptions
  prompter?: Prompter
  interrupts?: Interrupts
}

export function createContext({ io, env, options, prompter, interrupts = NO_INTERRUPTS }: ContextOptions): Context {
  const target = resolveTarget(options, env)
  const canPrompt = options.input && io.stdinIsTTY && io.stdoutIsTTY
  let opened: Promise<Knex> | undefined
  const lockTimeoutSeconds = Number(env.WISHLIST_LOCK_TIMEOUT ?? 30)

  return {
    io,
    env,
    options,
    target,
    configPath: configPath(env),
    prompter: prompter ?? createPrompter(io),
    canPrompt,
    db(schema = 'require-current') {
      opened ??= import('./db/connect.js').then(({ connect }) =>
        connect(target, {
          schema,
          lockTimeoutMs: (Number.isFinite(lockTimeoutSeconds) ? lockTimeoutSeconds : 30) * 1000,
          notice: (message) => {
            if (!options.quiet) io.stderr.write(`${safeLines(message)}\n`)
          },
        }),
      )
      opened.catch(() => (opened = undefined))
      return opened
    },
    info(message) {
      if (!options.quiet) io.stderr.write(`${safeLines(message)}\n`)
    },
    warn(message) {
      io.stderr.write(`${io.color.yellow('warning:')} ${safeText(message)}\n`)
    },
    requirePrompt(what) {
      if (!canPrompt) throw new UsageError(`${what} required when not running interactively.`)
    },
    onInterrupt(message) {
      // Printed by the process glue, outside every renderer: made safe here (a path).
      interrupts.explain(message === undefined ? undefined : safeText(message))
    },
    page(write) {
      return paged({ io, env, enabled: options.pager !== false, interrupts }, write)
    },
    async close() {
      const knex = await opened?.catch(() => undefined)
      opened = undefined
      if (knex) await (await import('./db/connect.js')).disconnect(knex)
    },
  }
}
