import { seedSampleData } from '../../../seeds/data/sample-data.js'
import type { Context } from '../../context.js'

export async function seedRun(ctx: Context): Promise<void> {
  const knex = await ctx.db()
  await seedSampleData(knex)
  const [counts] = (
    await knex.raw(`select (select count(*) from users) as users, (select count(*) from books) as books,
                           (select count(*) from wishlists) as lists`)
  ).rows
  ctx.info(`Sample data in place: ${counts.users} users, ${counts.books} books, ${counts.lists} lists.`)
}
