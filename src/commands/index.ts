import { type Command, Option } from 'commander'
import { type Run, lazy, collect, examples, positiveInt } from '../command.js'
import { EXPORT_FORMATS, IMPORT_FORMATS } from '../domain/transfer/formats.js'
import { ENTRY_SORTS, PRIORITIES } from '../domain/entries.js'
import { registerBooksCommands } from './books/index.js'
import { registerDbCommands } from './db/index.js'
import { registerListsCommands } from './lists/index.js'
import { registerUsersCommands } from './users/index.js'

const addModule = () => import('./add.js')
const removeModule = () => import('./remove.js')
const showModule = () => import('./show.js')
const moveModule = () => import('./move.js')
const editModule = () => import('./edit.js')
const exportModule = () => import('./export.js')
const importModule = () => import('./import.js')
const interactiveModule = () => import('./interactive.js')
const claimModule = () => import('./claim.js')
const unclaimModule = () => import('./unclaim.js')
const claimsModule = () => import('./claims.js')
const whoamiModule = () => import('./whoami.js')

/**
 * Every command. A command's handler lives at the path of its words
 * (`wishlist add`: add.ts; `wishlist db rollback`: db/rollback.ts; a command with a
 * folder of its own, `wishlist lists`: lists/lists.ts), checked by
 * test/cli/command-files.test.ts. Groups register their subcommands in their folder's
 * index.ts; the top-level commands are registered here.
 */
export function registerCommands(program: Command, run: Run): void {
  registerDbCommands(program, run)
  registerEntryCommands(program, run)
  registerListsCommands(program, run)
  registerBooksCommands(program, run)
  registerUsersCommands(program, run)
  program
    .command('whoami')
    .description('the current user: on a server, the one linked to your login role; else --user, else $WISHLIST_USER, else the one saved by `users use`, else the only user')
    .addHelpText('after', examples('wishlist whoami', 'wishlist whoami --json', 'wishlist -u ada@example.com whoami'))
    .action(run(lazy(whoamiModule, 'whoamiRun')))
  registerTransferCommands(program, run)
  registerInteractiveCommands(program, run)
  registerClaimCommands(program, run)
}

const OWNER_HELP = "the list's owner (id or email), to name their list by its name"

/** `claim`, `unclaim` and `claims`: "I will get this one", on lists others share with me. */
function registerClaimCommands(program: Command, run: Run): void {
  program
    .command('claim')
    .description("say you will get a book on someone else's list: others who see the list see it taken; its owner never does")
    .argument('<BOOK>', 'book id, ISBN, or words from the title or author (matched on the list first)')
    .option('-l, --list <LIST>', 'the list: its id, or its name with --owner')
    .option('--owner <USER>', OWNER_HELP)
    .option('--note <TEXT>', 'a note for the others who see the list ("ordered at the bookshop")')
    .addHelpText(
      'after',
      examples(
        'wishlist claim dune -l Birthday --owner ada@example.com',
        'wishlist claim 9780441013593 -l Birthday --owner ada@example.com --note "ordered"',
        'wishlist claim dune -l 8f14e45f-ea5e-4f2b-9a3c-1d2e3f4a5b6c',
      ),
    )
    .action(run(lazy(claimModule, 'claimRun')))
  program
    .command('unclaim')
    .description('take back your claim on a book')
    .argument('<BOOK>', 'book id, ISBN, or words from the title or author')
    .option('-l, --list <LIST>', 'the list: its id, or its name with --owner')
    .option('--owner <USER>', OWNER_HELP)
    .addHelpText('after', examples('wishlist unclaim dune -l Birthday --owner ada@example.com'))
    .action(run(lazy(unclaimModule, 'unclaimRun')))
  program
    .command('claims')
    .description('your claims: book, list, owner, when, note, and whether the book is still on the list')
    .addHelpText('after', examples('wishlist claims', 'wishlist claims --json'))
    .action(run(lazy(claimsModule, 'claimsRun')))
}

/** `add`, `remove` and `show`: the everyday commands, at the top level. */
function registerEntryCommands(program: Command, run: Run): void {
  program
    .command('add')
    .description('add books to your default list, or to the lists given with -l; ISBNs not in the catalogue are looked up in Open Library (unless --offline)')
    .argument('[BOOK...]', 'book id, ISBN, or words from the title or author; - reads one per line from stdin')
    .option('-l, --list <LIST>', 'list id or name (repeatable)', collect)
    .option('--create', 'create lists given with -l that do not exist yet')
    .addOption(priorityOption('the priority of the new entries; of entries already there, changed'))
    .option('--note <TEXT>', 'a note on the entries (one line, at most 500 characters); of entries already there, changed')
    .option('--top', 'put new entries at the top of the list (default: the bottom)')
    .addHelpText(
      'after',
      examples(
        'wishlist add 9780316267830',
        'wishlist add 9780316267830 --priority high --note "the 1998 edition" --top',
        'wishlist add 9780593135204 --offline   # never look it up online',
        'wishlist add "walk in the woods" -l "To read"',
        'wishlist add afterland -l "Gift ideas" -l Birthday --create',
        'wishlist add dfe3157b-b402-4104-a0eb-e54bee1210f0 --user fredr@neighborhood.com --json',
        'cut -f1 isbns.txt | wishlist add -',
        'wishlist add            # pick books interactively',
      ),
    )
    .action(run(lazy(addModule, 'addRun')))

  program
    .command('remove')
    .description('remove books from your default list, or from every list given with -l (all or nothing)')
    .argument('[BOOK...]', 'book id, ISBN, or words from the title or author; - reads one per line from stdin')
    .option('-l, --list <LIST>', 'list id or name (repeatable: removes from each; free text is matched on the first)', collect)
    .option('-f, --force', 'do not fail when a book is not on a list')
    .addHelpText(
      'after',
      examples(
        'wishlist remove 9780316267830',
        'wishlist remove afterland -l "Gift ideas"',
        'wishlist remove 9780316267830 -l "To read" -l Birthday --json',
        'wishlist remove -f 9780316267830 9780060798680',
        'wishlist remove         # pick from the list interactively',
      ),
    )
    .action(run(lazy(removeModule, 'removeRun')))

  program
    .command('show')
    .description('show a list and its books (default: your default list)')
    .argument('[LIST]', 'list id or name')
    .addOption(
      new Option('--sort <FIELD>', 'order of the books (author: by surname; title: without a leading The, A or An)')
        .choices(ENTRY_SORTS)
        .default('position', 'position, the manual order'),
    )
    .option('--reverse', 'the other way round')
    .option('--limit <N>', 'show at most N books', positiveInt('--limit'))
    .option('--owner <USER>', OWNER_HELP)
    .addHelpText(
      'after',
      examples(
        'wishlist show',
        'wishlist show "To read" --sort title',
        'wishlist show --sort priority',
        'wishlist show --sort added --reverse --limit 5   # the newest five',
        'wishlist show --sort published --limit 10',
        'wishlist show --json | jq -r ".books[].title"',
        'wishlist show | cut -f2',
        'wishlist show Birthday --owner ada@example.com   # a list shared with you',
      ),
    )
    .action(run(lazy(showModule, 'showRun')))

  program
    .command('move')
    .description("change a book's place in a list's manual order (the order `show` uses)")
    .argument('<BOOK>', 'book id, ISBN, or words from the title or author')
    .option('--top', 'to the top')
    .option('--bottom', 'to the bottom')
    .option('--before <BOOK>', 'just before this book of the list')
    .option('--after <BOOK>', 'just after this book of the list')
    .option('--to <N>', 'to place N (1 is the top; past the end is the bottom)', positiveInt('--to'))
    .option('-l, --list <LIST>', 'list id or name (default: your default list)')
    .addHelpText(
      'after',
      examples(
        'wishlist move 9780316267830 --top',
        'wishlist move "walk in the woods" --after dune -l "To read"',
        'wishlist move afterland --to 3 --json',
      ),
    )
    .action(run(lazy(moveModule, 'moveRun')))

  program
    .command('edit')
    .description("change a book's priority or note on a list")
    .argument('<BOOK>', 'book id, ISBN, or words from the title or author')
    .option('-l, --list <LIST>', 'list id or name (default: your default list)')
    .addOption(priorityOption('the new priority'))
    .option('--note <TEXT>', 'the new note (one line, at most 500 characters)')
    .option('--no-note', 'remove the note')
    .addHelpText(
      'after',
      examples(
        'wishlist edit 9780316267830 --priority high',
        'wishlist edit afterland --note "hardback, not the film tie-in"',
        'wishlist edit afterland --no-note -l "Gift ideas" --json',
      ),
    )
    .action(run(lazy(editModule, 'editRun')))
}

function priorityOption(description: string): Option {
  return new Option('--priority <P>', description).choices(PRIORITIES)
}

/** `import` and `export`. */
function registerTransferCommands(program: Command, run: Run): void {
  program
    .command('import')
    .description('add the books of a Goodreads or StoryGraph export, a CSV or a JSON file to a list, in one transaction')
    .argument('<FILE>', 'the file, or - for standard input')
    .addOption(new Option('--format <FORMAT>', 'the file format (default: detected from its header)').choices(IMPORT_FORMATS))
    .option('--shelf <SHELF>', 'Goodreads/StoryGraph shelf to import (default: to-read)')
    .option('-l, --list <LIST>', 'the list to add to (default: your default list)')
    .option('--create', 'create the list named by --list when it does not exist')
    .option('--dry-run', 'report what would happen, write nothing')
    .addHelpText(
      'after',
      examples(
        'wishlist import goodreads_library_export.csv',
        'wishlist import storygraph.csv -l "Summer" --create',
        'wishlist import books.csv --dry-run --json',
        'wishlist books dune --json | wishlist import -',
      ),
    )
    .action(run(lazy(importModule, 'importRun')))

  program
    .command('export')
    .description('write a list as CSV, JSON or a Goodreads import file')
    .argument('[LIST]', 'list id or name (default: your default list)')
    .addOption(new Option('--format <FORMAT>', 'output format (default: csv; json with --json)').choices(EXPORT_FORMATS))
    .option('-o, --output <FILE>', 'write to FILE (replaced whole) instead of standard output')
    .option('--owner <USER>', OWNER_HELP)
    .addHelpText(
      'after',
      examples(
        'wishlist export > wishlist.csv',
        'wishlist export "Gift ideas" --format goodreads -o goodreads.csv',
        'wishlist export --format json | jq -r ".books[].title"',
      ),
    )
    .action(run(lazy(exportModule, 'exportRun')))
}

function registerInteractiveCommands(program: Command, run: Run): void {
  program
    .command('interactive')
    .description('a menu to pick a list, show it, add and remove books with a searchable picker (needs a terminal)')
    .addHelpText(
      'after',
      examples('wishlist interactive', 'wishlist            # the same, on a terminal', 'wishlist -u ada@example.com interactive'),
    )
    .action(run(lazy(interactiveModule, 'interactiveRun')))
}
