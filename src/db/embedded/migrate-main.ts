// Migrates a native embedded database through its private socket, for the native
// supervisor (native-server.ts), in a process of its own: knex and pg would otherwise
// stay resident in the supervisor for as long as it runs.
import knexFactory from 'knex'
import '../pg-driver.js'
import { migrateLatest } from '../schema.js'

const [socketDir, port] = process.argv.slice(2)
if (!socketDir || !port) {
  process.stderr.write('usage: migrate-main SOCKET_DIR PORT\n')
  process.exit(2)
}
// Started while initdb runs: loading knex and the migrations overlaps it. The
// supervisor says when PostgreSQL is ready by closing stdin (after a line).
await new Promise<void>((resolve) => {
  process.stdin.on('data', () => {})
  process.stdin.once('end', resolve)
  process.stdin.once('error', () => resolve())
})
const knex = knexFactory({
  client: 'pg',
  connection: { host: socketDir, port: Number(port), user: 'postgres', database: 'postgres' },
  pool: { min: 0, max: 1 },
})
try {
  await migrateLatest(knex)
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`)
  process.exitCode = 1
} finally {
  await knex.destroy()
}
