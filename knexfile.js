// For `npx knex migrate:latest` / `npx knex seed:run` against DATABASE_URL.
// Uses the compiled migrations (npm install builds them), the same list the
// `wishlist db` commands use.
import { migrationSource } from './dist/migrations/index.js'

export default {
  client: 'pg',
  connection: process.env.DATABASE_URL,
  migrations: { migrationSource },
  seeds: { directory: './dist/seeds', loadExtensions: ['.js'] },
}
