import { type ChildProcess, spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import type { Interrupts } from '../interrupts.js'
import type { IO } from '../io.js'
import { safeText } from './safe-text.js'

type Env = Record<string, string | undefined>

export interface PagerSetup {
  io: IO
  env: Env
  /** false with --no-pager. */
  enabled: boolean
  interrupts: Interrupts
}

/**
 * The pager command, the way git and gh choose it: $WISHLIST_PAGER, then $PAGER, else
 * `less -FRX` when less is on the PATH. Empty or `cat` means none (output goes
 * straight to the terminal). Undefined when nothing pages.
 */
export function pagerCommand(env: Env): string | undefined {
  const chosen = env.WISHLIST_PAGER ?? env.PAGER
  if (chosen !== undefined) {
    const command = chosen.trim()
    return command === '' || command === 'cat' ? undefined : command
  }
  return onPath('less', env.PATH) ? 'less -FRX' : undefined
}

function onPath(name: string, path: string | undefined): boolean {
  for (const dir of (path ?? '').split(delimiter)) {
    if (!dir) continue
    try {
      accessSync(join(dir, name), constants.X_OK)
      return true
    } catch {
      // not here
    }
  }
  return false
}

// A command with nothing for a shell to do is run directly, so a pager that is not
// installed is an ENOENT we can fall back from, not "sh: 1: lesss: not found".
const SHELL_SYNTAX = /["'`$\\|&;<>()*?[\]{}~#!]/

/**
 * Runs `write` with an IO whose stdout goes through the pager, when stdout is a
 * terminal and a pager is configured; otherwise with the IO as it is. Output shorter
 * than the screen is printed as is (less -F quits at once). Quitting the pager early
 * (q in less: the pipe closes, EPIPE) is not an error, and Ctrl-C is the pager's while
 * it runs (less uses it to stop a search): wishlist waits for the pager to end, as
 * git does. `write` must be safe to run twice: a pager that cannot start gets the
 * output written straight to the terminal instead, after a warning.
 */
export async function paged(setup: PagerSetup, write: (io: IO) => void | Promise<void>): Promise<void> {
  const { io, env } = setup
  // The pager writes to the terminal itself, so stdout must be one with a descriptor
  // (never an in-memory stream that only says it is a terminal).
  const fd = (io.stdout as { fd?: unknown }).fd
  const command = setup.enabled && io.stdoutIsTTY && typeof fd === 'number' ? pagerCommand(env) : undefined
  if (!command) return write(io)
  const stdio: ['pipe', number, 'inherit'] = ['pipe', fd as number, 'inherit']

  // The tables are always UTF-8 (box drawing, ellipses); under the C locale less would
  // show their bytes as <E2><94><82>, so it is told the charset unless the user did.
  const pagerEnv = { ...env, LESS: env.LESS ?? 'FRX', LESSCHARSET: env.LESSCHARSET ?? 'utf-8' }
  const words = command.split(/\s+/)
  let child: ChildProcess
  try {
    child = SHELL_SYNTAX.test(command)
      ? spawn(command, { shell: true, stdio, env: pagerEnv })
      : spawn(words[0]!, words.slice(1), { stdio, env: pagerEnv })
  } catch {
    return write(io)
  }
  const input = child.stdin!
  let failed: Error | undefined
  const ended = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      failed = error
      resolve()
    })
    child.once('close', () => resolve())
  })
  // The reader may leave at any time (q): EPIPE on the pipe means "stop", never an error.
  input.on('error', () => {})
  const release = setup.interrupts.hold?.()
  try {
    await write({ ...io, stdout: input })
    input.end()
    await ended
  } finally {
    release?.()
  }
  if (failed) {
    io.stderr.write(`${io.color.yellow('warning:')} the pager \`${safeText(words[0]!)}\` could not start (${(failed as NodeJS.ErrnoException).code ?? failed.message}); set WISHLIST_PAGER, or pass --no-pager.\n`)
    await write(io)
  }
}
