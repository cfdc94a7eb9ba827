import type { Command } from 'commander'
import { type Run, examples, lazy } from '../../command.js'

const createModule = () => import('./create.js')
const deleteModule = () => import('./delete.js')
const listModule = () => import('./lists.js')
const renameModule = () => import('./rename.js')
const shareModule = () => import('./share.js')
const unshareModule = () => import('./unshare.js')

export function registerListsCommands(program: Command, run: Run): void {
  const lists = program
    .command('lists')
    .description('your wishlists, oldest (the default) first, with book counts and how each is shared; manage and share them')
    .option('--shared', 'instead: the lists others share with you (or make public), with their owners')
    .addHelpText(
      'after',
      examples('wishlist lists', 'wishlist lists --json', 'wishlist lists --shared', 'wishlist --user ada@example.com lists | cut -f2'),
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
  lists
    .command('share')
    .description('let these users see one of your lists (and claim its books), or every user with --public')
    .argument('<LIST>', 'the list: its id or its name (any case)')
    .argument('[USER...]', 'the users: their ids or emails')
    .option('--public', 'every user of this database may see it')
    .addHelpText(
      'after',
      examples('wishlist lists share Birthday ben@example.com cy@example.com', 'wishlist lists share Birthday --public', 'wishlist lists share Birthday ben@example.com --json'),
    )
    .action(run(lazy(shareModule, 'shareRun')))
  lists
    .command('unshare')
    .description('stop sharing a list with these users, or stop it being public; with neither, make it private')
    .argument('<LIST>', 'the list: its id or its name (any case)')
    .argument('[USER...]', 'the users: their ids or emails')
    .option('--public', 'no longer public (still shared with the users named before)')
    .addHelpText(
      'after',
      examples('wishlist lists unshare Birthday cy@example.com', 'wishlist lists unshare Birthday --public', 'wishlist lists unshare Birthday   # private again'),
    )
    .action(run(lazy(unshareModule, 'unshareRun')))
}
