import { Command, CommanderError } from 'commander'
import { examples, makeRun } from './command.js'
import { allCommands } from './command-path.js'
import { registerCommands } from './commands/index.js'
import { COMPLETE_COMMAND, completeRun } from './completion/complete.js'
import { registerHelpCommands } from './help/index.js'
import { type Context, type GlobalOptions, createContext } from './context.js'
import { diskFullError } from './db/disk-full.js'
import { DeclinedError, exitCodeFor } from './errors.js'
import { type IO, createIO } from './io.js'
import type { Interrupts } from './interrupts.js'
import { JSON_SHAPES, jsonFieldsHelp, takeJsonFields } from './output/json-fields.js'
import { describeError } from './output/error-messages.js'
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
    .option('--json [FIELDS]', 'print JSON on stdout; FIELDS (a,b,...) keeps only those keys (each command lists its own)')
    .option('--db <URL>', 'PostgreSQL server URL (default: $DATABASE_URL, else the embedded database)')
    .option('--data-dir <DIR>', 'embedded database directory (default: $WISHLIST_DATA_DIR or ~/.local/share/wishlist)')
    .option('-u, --user <USER>', 'act as this user: id or email (default: $WISHLIST_USER, then `users use`)')
    .option('--no-input', 'never prompt; fail instead when something is missing')
    .option('--offline', 'never contact Open Library: no ISBN look-ups, no searches (also WISHLIST_OFFLINE=1)')
    .option('--no-color', 'no colour (also NO_COLOR=1 or TERM=dumb)')
    .option('-q, --quiet', 'no progress or confirmation messages')
    .showSuggestionAfterError()
    // Every command's help lists the global options its examples use (--json, --user...).
    .configureHelp({ showGlobalOptions: true })
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
  registerCommands(program, run)
  registerHelpCommands(program, io)
  for (const { command, path } of allCommands(program)) {
    const shape = JSON_SHAPES[path.join(' ')]
    if (shape) command.addHelpText('after', jsonFieldsHelp(shape))
    suggestSubcommands(command)
  }
  pointToOwnHelp(program, 'wishlist')
  return program
}

/**
 * `lists` and `users` run on their own and have subcommands: a mistyped subcommand
 * (`lists delte X`) would otherwise be "too many arguments for 'lists'". It is an
 * unknown command instead, with commander's "Did you mean delete?" (exit 2).
 */
function suggestSubcommands(command: Command): void {
  const runsAlone = (command as unknown as { _actionHandler?: unknown })._actionHandler !== undefined
  if (!runsAlone || command.commands.length === 0 || command.registeredArguments.length > 0) return
  command.allowExcessArguments(true)
  command.hook('preAction', (_, actionCommand) => {
    if (actionCommand === command && command.args.length > 0) (command as unknown as { unknownCommand(): never }).unknownCommand()
  })
}

/** After a usage error, name the help of the command that was mistyped. */
function pointToOwnHelp(command: Command, path: string): void {
  command.showHelpAfterError(`Run '${path} --help' for usage.`)
  for (const sub of command.commands) pointToOwnHelp(sub, `${path} ${sub.name()}`)
}

/** Runs one invocation and returns the exit code. The only place that decides it. */
export async function runCli(environment: CliEnvironment): Promise<number> {
  let args = environment.argv.slice(2)
  const io = createIO({ ...environment, color: !args.includes('--no-color') })
  const makeContext = (options: GlobalOptions) =>
    createContext({ io, env: environment.env, options, prompter: environment.prompter, interrupts: environment.interrupts })
  const program = buildProgram(makeContext, io)
  if (args[0] === COMPLETE_COMMAND) {
    // Shell completion: never an error, a prompt or the interactive mode.
    await completeRun(program, args.slice(1), environment.env, io)
    return 0
  }
  try {
    const json = takeJsonFields(program, args)
    args = json.args
    io.jsonSelect = json.select
    // No command, at most global options (`wishlist`, `wishlist -u ada@example.com`):
    // the interactive mode on a terminal, the help anywhere else.
    const { operands, unknown } = program.parseOptions(args)
    const noCommand = operands.length === 0 && unknown.length === 0
    if (noCommand && !(io.stdinIsTTY && io.stdoutIsTTY)) {
      program.outputHelp()
      return 0
    }
    await program.parseAsync([...environment.argv.slice(0, 2), ...args, ...(noCommand ? ['interactive'] : [])])
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
  const { message, hint } = describeError(error)
  if (error instanceof DeclinedError) {
    io.stderr.write(`${safeText(message)}\n`)
    return exitCodeFor(error)
  }
  io.stderr.write(`${io.color.red('error:')} ${safeText(message)}\n`)
  // Hints quote database text too ("did you mean", candidates): never raw.
  if (hint) io.stderr.write(`${safeLines(hint)}\n`)
  if (env.DEBUG && error instanceof Error && error.stack) io.stderr.write(`${safeLines(error.stack)}\n`)
  return exitCodeFor(error)
}
