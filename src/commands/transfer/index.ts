import { type Command, Option } from 'commander'
import { type Run, examples, lazy } from '../../command.js'
import { EXPORT_FORMATS, IMPORT_FORMATS } from '../../domain/transfer/formats.js'

const exportModule = () => import('./export.js')
const importModule = () => import('./import.js')

export function registerTransferCommands(program: Command, run: Run): void {
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
