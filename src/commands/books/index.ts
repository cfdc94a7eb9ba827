import type { Command } from 'commander'
import { type Run, examples, lazy, positiveInt, wholeNumber } from '../../command.js'

const addModule = () => import('./add.js')
const editModule = () => import('./edit.js')
const listModule = () => import('./books.js')
const removeModule = () => import('./remove.js')
const showModule = () => import('./show.js')

const BOOK_HELP = 'the book: its id, its ISBN, or words from its title or author'

export function registerBooksCommands(program: Command, run: Run): void {
  const books = program
    .command('books')
    .description('search the catalogue (title and author); manage its books')
    .argument('[QUERY]', 'words that must all appear in the title or author; none lists the catalogue')
    .option('--limit <N>', 'at most this many books', positiveInt('--limit'), 50)
    .option('--online', 'also search Open Library (sends the QUERY) and list the books the catalogue does not have')
    .addHelpText(
      'after',
      examples(
        'wishlist books dune',
        'wishlist books "le guin" --limit 5',
        'wishlist books --json | jq -r ".[].isbn"',
        'wishlist books "project hail mary" --online   # then: wishlist add ISBN',
      ),
    )
    .action(run(lazy(listModule, 'booksRun')))

  books
    .command('add')
    .description('add a book to the catalogue')
    .option('--title <TITLE>', 'the title (without it, --isbn fills the book from Open Library unless --offline)')
    .option('--author <AUTHOR>', 'the author(s)')
    .option('--isbn <ISBN>', 'ISBN-10 or ISBN-13, hyphens allowed; stored as ISBN-13')
    .option('--published <DATE>', 'publication date: YYYY, YYYY-MM or YYYY-MM-DD, as precise as you know it')
    .addHelpText(
      'after',
      examples(
        'wishlist books add --title "Kindred" --author "Octavia E. Butler" --isbn 0-8070-8369-0 --published 2004-02-01',
        'wishlist books add --title "Notes from a zine" --json',
        'wishlist books add --isbn 9780593135204   # title, author and date from Open Library',
      ),
    )
    .action(run(lazy(addModule, 'addRun')))
  books
    .command('edit')
    .description('fix a book in place (title, author, ISBN, date); it stays on every list that holds it')
    .argument('<BOOK>', BOOK_HELP)
    .option('--title <TITLE>', 'the new title')
    .option('--author <AUTHOR>', 'the new author(s); "" clears it')
    .option('--isbn <ISBN>', 'the new ISBN-10 or ISBN-13, stored as ISBN-13; "" clears it')
    .option('--published <DATE>', 'the new publication date: YYYY, YYYY-MM or YYYY-MM-DD; "" clears it')
    .addHelpText(
      'after',
      '\nAnother book with that ISBN, or (for a book without ISBN) with that title and author,\n' +
        'is a conflict (exit 4), as for `books add`.\n' +
        examples(
          'wishlist books edit 9780807083697 --published 1979',
          'wishlist books edit "kindred" --author "Octavia E. Butler"',
          'wishlist books edit dfe3157b-b402-4104-a0eb-e54bee1210f0 --isbn 978-1-61159-913-8 --json',
        ),
    )
    .action(run(lazy(editModule, 'editRun')))
  books
    .command('show')
    .description('a book and which of your wishlists hold it (and how many of other users’)')
    .argument('<BOOK>', BOOK_HELP)
    .addHelpText(
      'after',
      examples('wishlist books show 9781118891452', 'wishlist books show "python for dummies"', 'wishlist books show dfe3157b-b402-4104-a0eb-e54bee1210f0 --json'),
    )
    .action(run(lazy(showModule, 'showRun')))
  books
    .command('remove')
    .description('delete a book from the catalogue and from every list that holds it')
    .argument('<BOOK>', BOOK_HELP)
    .option('-y, --yes', 'do not ask for confirmation (needed when not on a terminal); confirms your own lists only')
    .option('--others <N>', "with --yes: also take it off other users' lists; N must be their number of lists that hold it", wholeNumber('--others'))
    .addHelpText(
      'after',
      "\nA book on other users' lists is taken off them too: the confirmation says so, and\n" +
        "with --yes, --others N must name how many of their lists hold it (see `books show`).\n" +
        examples(
          'wishlist books remove 9781118891452',
          'wishlist books remove "python for dummies" --yes',
          'wishlist books remove 9781118891452 --yes --others 3',
        ),
    )
    .action(run(lazy(removeModule, 'removeRun')))
}
