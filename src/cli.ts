import { Command, CommanderError, Option } from 'commander'
import { examples, makeRun } from './command.js'
import { registerBooksCommands } from './commands/books/index.js'
import { registerDbCommands } from './commands/db/index.js'
import { registerEntryCommands } from './commands/entries/index.js'
import { registerInteractiveCommands } from './commands/interactive/index.js'
import { registerListsCommands } from './commands/lists/index.js'
import { registerTransferCommands } from './commands/transfer/index.js'
import { registerUsersCommands } from './commands/users/index.js'
import { type Context, type GlobalOptions, createContext } from './context.js'
import { diskFullError } from './db/disk-full.js'
import { WishlistError, exitCodeFor } from './errors.js'
import { type IO, createIO } from './io.js'
import type { Interrupts } from './interrupts.js'
import { safeLines, safeText } from './output/safe-text.js'
import type { Prompter } from './prompter.js'
import { version } from './version.js'

export interface CliEnvironment {
  argv: string[]
  env: Record<string, string | undefined>
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  /** Tests may answer prompts with a fake. */
  prompter?: Prompter
  /** How Ctrl-C is explained (src/main.ts); none in-process. */
  interrupts?: Interrupts
}


/** Builds the program. Commands run through `run`, which gives them a Context. */
export function buildProgram(makeContext: (globals: GlobalOptions) => Context, io: IO): Command {
  const program = new Command('wishlist')
    .description('Keep wishlists of books, on an embedded PostgreSQL or a real server.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--json', 'print JSON on stdout', false)
    .option('--db <url>', 'PostgreSQL server URL (default: $DATABASE_URL, else the embedded database)')
    .option('--data-dir <dir>', 'embedded database directory (default: $WISHLIST_DATA_DIR or ~/.local/share/wishlist)')
    .option('-u, --user <user>', 'act as this user: id or email (default: $WISHLIST_USER, then `users use`)')
    .option('--no-input', 'never prompt; fail instead when something is missing')
    .option('--offline', 'never look books up online (also WISHLIST_OFFLINE=1)')
    .option('--no-color', 'no colour (also NO_COLOR=1 or TERM=dumb)')
    .option('--no-pager', 'never page output on a terminal (also WISHLIST_PAGER=cat)')
    .addOption(new Option('-q, --quiet', 'no progress or confirmation messages').default(false))
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // commander's messages quote argv ("unknown command '...'", option values): never raw.
      outputError: (text, write) => write(io.color.red(safeLines(text))),
    })
    .exitOverride()
    .addHelpText(
      'after',
      examples(
        'wishlist db seed                          # sample users and books',
        'wishlist add "python for dummies" -u fredr@neighborhood.com',
        'wishlist show --user fredr@neighborhood.com',
        'wishlist books butler | cut -f1 | wishlist add - -l "Octavia Butler" --create',
        'wishlist import goodreads_library_export.csv --shelf to-read',
        'wishlist                                  # interactive mode on a terminal',
      ),
    )

  const run = makeRun(makeContext)
  registerDbCommands(program, run)
  registerEntryCommands(program, run)
  registerListsCommands(program, run)
  registerBooksCommands(program, run)
  registerUsersCommands(program, run)
  registerTransferCommands(program, run)
  registerInteractiveCommands(program, run)
  pointToOwnHelp(program, 'wishlist')
  return program
}

/** After a usage error, name the help of the command that was mistyped. */
function pointToOwnHelp(command: Command, path: string): void {
  command.showHelpAfterError(`Run '${path} --help' for usage.`)
  for (const sub of command.commands) pointToOwnHelp(sub, `${path} ${sub.name()}`)
}

/** Runs one invocation and returns the exit code. The only place that decides it. */
export async function runCli(environment: CliEnvironment): Promise<number> {
  const args = environment.argv.slice(2)
  const io = createIO({ ...environment, color: !args.includes('--no-color') })
  const makeContext = (options: GlobalOptions) =>
    createContext({ io, env: environment.env, options, prompter: environment.prompter, interrupts: environment.interrupts })
  const program = buildProgram(makeContext, io)
  try {
    // No command, at most global options (`wishlist`, `wishlist -u ada@example.com`):
    // the interactive mode on a terminal, the help anywhere else.
    const { operands, unknown } = program.parseOptions(args)
    const noCommand = operands.length === 0 && unknown.length === 0
    if (noCommand && !(io.stdinIsTTY && io.stdoutIsTTY)) {
      program.outputHelp()
      return 0
    }
    await program.parseAsync(noCommand ? [...environment.argv, 'interactive'] : environment.argv)
    return 0
  } catch (error) {
    return reportError(error, io, environment.env)
  }
}

function reportError(error: unknown, io: IO, env: Record<string, string | undefined>): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
      return 0
    }
    return 2
  }
  error = diskFullError(error) ?? error
  const message = error instanceof Error ? error.message : String(error)
  io.stderr.write(`${io.color.red('error:')} ${safeText(message)}\n`)
  // Hints quote database text too ("did you mean", candidates): never raw.
  if (error instanceof WishlistError && error.hint) io.stderr.write(`${safeLines(error.hint)}\n`)
  if (env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${safeLines(error.stack)}\n`)
  return exitCodeFor(error)
}
