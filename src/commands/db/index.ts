import type { Command } from 'commander'
import { type Run, examples, lazy } from '../../command.js'

const infoModule = () => import('./info.js')
const migrateModule = () => import('./migrate.js')
const resetModule = () => import('./reset.js')
const rollbackModule = () => import('./rollback.js')
const seedModule = () => import('./seed.js')
const shellModule = () => import('./shell.js')
const statusModule = () => import('./status.js')
const stopModule = () => import('./stop.js')

export function registerDbCommands(program: Command, run: Run): void {
  const db = program
    .command('db')
    .description('manage the database: schema, sample data, a SQL shell')
    .addHelpText('after', examples('wishlist db info', 'DATABASE_URL=postgres://... wishlist db migrate', 'wishlist db seed'))

  db.command('migrate')
    .description('bring the schema up to date')
    .addHelpText('after', examples('wishlist db migrate', 'wishlist --db postgres://postgres@localhost/wishlist db migrate'))
    .action(run(lazy(migrateModule, 'migrateRun')))
  db.command('rollback')
    .description('undo the newest migration (asks first when that drops tables or columns)')
    .option('--all', 'undo every migration')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('after', examples('wishlist db rollback', 'wishlist db rollback --all --yes'))
    .action(run(lazy(rollbackModule, 'run')))
  db.command('status')
    .description('list migrations, applied and pending')
    .addHelpText('after', examples('wishlist db status', 'wishlist db status --json'))
    .action(run(lazy(statusModule, 'run')))
  db.command('seed')
    .description('add the sample users, books and lists (safe to run twice)')
    .addHelpText('after', examples('wishlist db seed'))
    .action(run(lazy(seedModule, 'seedRun')))
  db.command('info')
    .description('which database is in use, and where')
    .addHelpText('after', examples('wishlist db info', 'wishlist db info --json'))
    .action(run(lazy(infoModule, 'infoRun')))
  db.command('shell')
    .description('open a SQL prompt on the database (psql for a server when installed)')
    .addHelpText(
      'after',
      '\nWithout psql (and always for the embedded database) a built-in prompt: statements end with ";",\n' +
        'Ctrl-C clears the statement being typed, Ctrl-D on an empty line or \\q quits, \\? lists its commands.\n' +
        examples('wishlist db shell', "echo 'select count(*) from books;' | wishlist db shell"),
    )
    .action(run(lazy(shellModule, 'shellRun')))
  db.command('reset')
    .description('delete all data and recreate the schema')
    .option('-y, --yes', 'do not ask for confirmation')
    .addHelpText('after', examples('wishlist db reset --yes'))
    .action(run(lazy(resetModule, 'resetRun')))
  db.command('stop')
    .description('stop the background process that serves the embedded database')
    .addHelpText('after', examples('wishlist db stop'))
    .action(run(lazy(stopModule, 'stopRun')))
}
