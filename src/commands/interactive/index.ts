import type { Command } from 'commander'
import { type Run, examples, lazy } from '../../command.js'

const interactiveModule = () => import('./interactive.js')

export function registerInteractiveCommands(program: Command, run: Run): void {
  program
    .command('interactive')
    .description('a menu to pick a list, show it, add and remove books with a searchable picker (needs a terminal)')
    .addHelpText(
      'after',
      examples('wishlist interactive', 'wishlist            # the same, on a terminal', 'wishlist -u ada@example.com interactive'),
    )
    .action(run(lazy(interactiveModule, 'interactiveRun')))
}
