// Knex seed entry point, for `npx knex seed:run`; `wishlist db seed` calls the same code.
import type { Knex } from 'knex'
import { seedSampleData } from './data/sample-data.js'

export async function seed(knex: Knex): Promise<void> {
  await seedSampleData(knex)
}
