import { type Command, Option } from 'commander'
import { type Run, lazy, collect, examples, positiveInt } from '../../command.js'

const addModule = () => import('./add.js')
const removeModule = () => import('./remove.js')
const showModule = () => import('./show.js')

/** `add`, `remove` and `show`: the everyday commands, at the top level. */
export function registerEntryCommands(program: Command, run: Run): void {
  program
    .command('add')
    .description('add books to your default list, or to the lists given with -l; ISBNs not in the catalogue are looked up in Open Library (unless --offline)')
    .argument('[BOOK...]', 'book id, ISBN, or words from the title or author; - reads one per line from stdin')
    .option('-l, --list <LIST>', 'list id or name (repeatable)', collect)
    .option('--create', 'create lists given with -l that do not exist yet')
    .addHelpText(
      'after',
      examples(
        'wishlist add 9780316267830',
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
      new Option('--sort <FIELD>', 'order of the books').choices(['title', 'author', 'added', 'published']).default('added'),
    )
    .option('--limit <N>', 'show at most N books', positiveInt('--limit'))
    .addHelpText(
      'after',
      examples(
        'wishlist show',
        'wishlist show "To read" --sort title',
        'wishlist show --sort published --limit 10',
        'wishlist show --json | jq -r ".books[].title"',
        'wishlist show | cut -f2',
      ),
    )
    .action(run(lazy(showModule, 'showRun')))
}
