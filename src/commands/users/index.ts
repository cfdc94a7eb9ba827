import type { Command } from 'commander'
import { type Run, examples, lazy, wholeNumber } from '../../command.js'

const addModule = () => import('./add.js')
const listModule = () => import('./users.js')
const removeModule = () => import('./remove.js')
const useModule = () => import('./use.js')
const linkModule = () => import('./link.js')

const USER_HELP = 'the user: their id or email (any case)'

export function registerUsersCommands(program: Command, run: Run): void {
  const users = program
    .command('users')
    .description('the users of this database; add, remove, choose who you are')
    .addHelpText('after', examples('wishlist users', 'wishlist users --json', 'wishlist users use ada@example.com'))
    .action(run(lazy(listModule, 'usersRun')))

  users
    .command('add')
    .description('add a user')
    .requiredOption('--email <EMAIL>', 'their email (unique, in any case)')
    .option('--first-name <NAME>', 'their first name')
    .option('--last-name <NAME>', 'their last name')
    .option('--role <ROLE>', 'on a server: the PostgreSQL role they log in as (see `users link`)')
    .addHelpText(
      'after',
      examples(
        'wishlist users add --email grace@example.com --first-name Grace --last-name Hopper',
        'wishlist users add --email me@example.com --json',
        'wishlist users add --email ben@example.com --role ben   # a server; createuser ben first',
      ),
    )
    .action(run(lazy(addModule, 'addRun')))
  users
    .command('link')
    .description('on a server, as the administrator: the user logs in as this PostgreSQL role, and acts only as themselves (grants the role this database\'s group role)')
    .argument('<USER>', USER_HELP)
    .argument('<ROLE>', 'the PostgreSQL role (made with createuser)')
    .addHelpText(
      'after',
      '\nConnected as a linked role, commands act as its user: --user naming anyone else is\n' +
        'refused, and row-level security holds the role to that user in SQL too. The\n' +
        'embedded database has no logins: its users are profiles. See docs/sharing.md.\n' +
        examples('createuser ben && wishlist users link ben@example.com ben', 'DATABASE_URL=postgres://ben@dbhost/wishlist wishlist lists'),
    )
    .action(run(lazy(linkModule, 'linkRun')))
  users
    .command('use')
    .description('act as this user from now on, on this database (saved in $XDG_CONFIG_HOME/wishlist/config.json)')
    .argument('<USER>', USER_HELP)
    .addHelpText('after', examples('wishlist users use ada@example.com', 'wishlist users use 46bd51f9-e20b-4b4f-b5a7-f25339a34906'))
    .action(run(lazy(useModule, 'useRun')))
  users
    .command('remove')
    .description('delete a user and their lists (the books stay in the catalogue)')
    .argument('<USER>', USER_HELP)
    .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal); enough for yourself only')
    .option('--others <N>', 'with --yes, for a user who is not you: N must be the number of books on their lists', wholeNumber('--others'))
    .addHelpText(
      'after',
      '\nRemoving a user who is not the current one deletes another user\'s data: the\n' +
        'confirmation says so, and with --yes, --others N must name how many books are on\n' +
        'their lists (0 when none).\n' +
        examples(
          'wishlist users remove grace@example.com',
          'wishlist -u grace@example.com users remove grace@example.com --yes',
          'wishlist users remove grace@example.com --yes --others 12',
        ),
    )
    .action(run(lazy(removeModule, 'removeRun')))
}
