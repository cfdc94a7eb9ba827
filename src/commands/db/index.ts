import type { Command } from 'commander'
import { type Run, examples } from '../../command.js'
import { infoRun } from './info.js'
import { migrateRun, rollbackRun, statusRun } from './migrate.js'
import { resetRun } from './reset.js'
import { seedRun } from './seed.js'
import { shellRun } from './shell.js'
import { stopRun } from './stop.js'

export function registerDbCommands(program: Command, run: Run): void {
  const db = program
    .command('db')
    .description('manage the database: schema, sample data, a SQL shell')
    .addHelpText('after', examples('wishlist db info', 'DATABASE_URL=postgres://... wishlist db migrate', 'wishlist db seed'))

  db.command('migrate')
    .description('bring the schema up to date')
    .addHelpText('after', examples('wishlist db migrate', 'wishlist --db postgres://postgres@localhost/wishlist db migrate'))
    .action(run(migrateRun))
  db.command('rollback')
    .description('undo the last batch of migrations')
    .option('--all', 'undo every migration')
    .addHelpText('after', examples('wishlist db rollback', 'wishlist db rollback --all'))
    .action(run(rollbackRun))
  db.command('status')
    .description('list migrations, applied and pending')
    .addHelpText('after', examples('wishlist db status', 'wishlist db status --json'))
    .action(run(statusRun))
  db.command('seed')
    .description('add the sample users, books and lists (safe to run twice)')
    .addHelpText('after', examples('wishlist db seed'))
    .action(run(seedRun))
  db.command('info')
    .description('which database is in use, and where')
    .addHelpText('after', examples('wishlist db info', 'wishlist db info --json'))
    .action(run(infoRun))
  db.command('shell')
    .description('open a SQL prompt on the database (psql for a server when installed)')
    .addHelpText('after', examples('wishlist db shell', "echo 'select count(*) from books;' | wishlist db shell"))
    .action(run(shellRun))
  db.command('reset')
    .description('delete all data and recreate the schema')
    .option('--yes', 'do not ask for confirmation')
    .addHelpText('after', examples('wishlist db reset --yes'))
    .action(run(resetRun))
  db.command('stop')
    .description('stop the background process that serves the embedded database')
    .addHelpText('after', examples('wishlist db stop'))
    .action(run(stopRun))
}
