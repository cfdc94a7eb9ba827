import { type Command, Option } from 'commander'
import { type Run, examples, lazy } from '../../command.js'
import { EXPORT_FORMATS, IMPORT_FORMATS } from '../../domain/transfer/formats.js'

const exportModule = () => import('./export.js')
const importModule = () => import('./import.js')

export function registerTransferCommands(program: Command, run: Run): void {
  program
    .command('import')
    .description(
      'add the books of a Goodreads, StoryGraph, LibraryThing, BookWyrm, Open Library, Hardcover or calibre export, a CSV or a JSON file to a list (or one list per shelf), in one transaction',
    )
    .argument('<file>', 'the file, or - for standard input')
    .addOption(new Option('--format <format>', 'the file format (default: detected from its header)').choices(IMPORT_FORMATS))
    .option('--shelf <shelf>', "the shelf, status or collection to import (default: the format's want-to-read shelf, e.g. to-read)")
    .option('--shelves <all>', 'import every shelf, status, collection or list of the file, each into the list of its name')
    .option('--map <shelf=list>', 'with --shelves all: put SHELF into LIST (repeatable; several shelves may share a list)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--rejects <file>', 'write the rows not imported to FILE, in the input\'s format with a reason column')
    .option('-l, --list <list>', 'the list to add to (default: your default list)')
    .option('--create', 'create the list named by --list when it does not exist')
    .option('--dry-run', 'report what would happen, write nothing')
    .addHelpText(
      'after',
      examples(
        'wishlist import goodreads_library_export.csv',
        'wishlist import storygraph.csv -l "Summer" --create',
        'wishlist import books.csv --dry-run --json',
        'wishlist import goodreads_library_export.csv --shelves all --map to-read=Wishlist --dry-run',
        'wishlist import librarything.tsv --shelf Wishlist --rejects rejected.tsv',
        'wishlist books dune --json | wishlist import -',
      ),
    )
    .action(run(lazy(importModule, 'importRun')))

  program
    .command('export')
    .description('write a list as CSV, JSON or a Goodreads import file')
    .argument('[list]', 'list id or name (default: your default list)')
    .addOption(new Option('--format <format>', 'output format').choices(EXPORT_FORMATS).default(undefined, 'csv; json with --json'))
    .option('-o, --output <file>', 'write to FILE (replaced whole) instead of standard output')
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
