import type { Command } from 'commander'
import { type Run, examples, lazy } from '../../command.js'

const createModule = () => import('./create.js')
const deleteModule = () => import('./delete.js')
const listModule = () => import('./lists.js')
const renameModule = () => import('./rename.js')

export function registerListsCommands(program: Command, run: Run): void {
  const lists = program
    .command('lists')
    .description('your wishlists, oldest (the default) first, with book counts; manage them')
    .addHelpText(
      'after',
      examples('wishlist lists', 'wishlist lists --json', 'wishlist --user ada@example.com lists | cut -f2'),
    )
    .action(run(lazy(listModule, 'listsRun')))

  lists
    .command('create')
    .description('create a new, empty list')
    .argument('<NAME>', 'the new list’s name (unique among your lists, in any case)')
    .addHelpText('after', examples('wishlist lists create "Birthday"', 'wishlist lists create "Summer reading" --json'))
    .action(run(lazy(createModule, 'createRun')))
  lists
    .command('rename')
    .description('rename one of your lists')
    .argument('<LIST>', 'the list: its id or its name (any case)')
    .argument('<NAME>', 'the new name')
    .addHelpText('after', examples('wishlist lists rename "To read" "Reading next"', 'wishlist lists rename c4e3a9d4-7d20-4e63-9f77-2f8b3c3e4d03 Later'))
    .action(run(lazy(renameModule, 'renameRun')))
  lists
    .command('delete')
    .description('delete a list (its books stay in the catalogue); asks you to type its name')
    .argument('<LIST>', 'the list: its id or its name (any case)')
    .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal)')
    .addHelpText('after', examples('wishlist lists delete "Gift ideas"', 'wishlist lists delete "Gift ideas" --yes'))
    .action(run(lazy(deleteModule, 'deleteRun')))
}
