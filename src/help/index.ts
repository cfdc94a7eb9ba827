import type { Command } from 'commander'
import { examples } from '../command.js'
import { subcommand } from '../command-path.js'
import { COMPLETION_HELP, COMPLETION_SHELLS, type Shell, completionScript } from '../completion/scripts.js'
import { UsageError } from '../errors.js'
import type { IO } from '../io.js'
import { printJson } from '../output/render.js'
import { version } from '../version.js'
import { HELP_TOPICS, environmentText, exitCodesText } from './topics.js'

/**
 * `help [COMMAND...|TOPIC]`, `version` and `completion SHELL`: they read no database
 * and need no user, so they run without a Context (a bad DATABASE_URL must not stop
 * `wishlist help`).
 */
export function registerHelpCommands(program: Command, io: IO): void {
  program.helpCommand(false)
  program
    .command('help')
    .description(`show help for a command, or a topic: ${Object.keys(HELP_TOPICS).join(', ')}`)
    .argument('[COMMAND...]', 'a command (`lists delete`) or a topic')
    .addHelpText(
      'after',
      `\nTopics:\n${Object.entries(HELP_TOPICS).map(([topic, what]) => `  ${topic.padEnd(12)}${what}`).join('\n')}\n` +
        examples('wishlist help show', 'wishlist help lists delete', 'wishlist help environment'),
    )
    .action((words: string[]) => {
      if (words.length === 1 && words[0] === 'environment') return void io.stdout.write(environmentText())
      if (words.length === 1 && words[0] === 'exit-codes') return void io.stdout.write(exitCodesText())
      let command = program
      for (const word of words) {
        const sub = subcommand(command, word)
        if (!sub) {
          throw new UsageError(
            `No help for "${[...words].join(' ')}": not a command or topic.`,
            `Commands: see \`wishlist --help\`; topics: ${Object.keys(HELP_TOPICS).join(', ')}.`,
          )
        }
        command = sub
      }
      command.outputHelp()
    })

  program
    .command('version')
    .description('print the version (same as --version)')
    .addHelpText('after', examples('wishlist version', 'wishlist version --json'))
    .action((_options: unknown, command: Command) => {
      if (command.optsWithGlobals().json !== undefined) return printJson(io, { version })
      io.stdout.write(`${version}\n`)
    })

  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(program.createArgument('<SHELL>', 'bash, zsh or fish').choices(COMPLETION_SHELLS))
    .addHelpText('after', COMPLETION_HELP + examples('source <(wishlist completion bash)', 'wishlist completion fish > ~/.config/fish/completions/wishlist.fish'))
    .action((shell: Shell) => {
      io.stdout.write(completionScript(shell))
    })
}
