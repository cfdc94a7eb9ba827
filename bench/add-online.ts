// The time of `wishlist add ISBN` that fetches the book from a local stand-in for Open
// Library, next to the same add of a book already in the catalogue: the built binary,
// median of 10 runs each, on a warm embedded database and on the server.
//   npm run build && npx tsx bench/add-online.ts
import { catalogue } from '../seeds/data/catalogue.js'
import { seedSampleData } from '../seeds/data/sample-data.js'
import { CatalogueStandIn, madeUpIsbn } from '../test/helpers/catalogue-stand-in.js'
import { type BackendId, createTestDatabase } from '../test/helpers/databases.js'
import { runBinary } from '../test/helpers/run.js'

const RUNS = 10
const FRED = '46bd51f9-e20b-4b4f-b5a7-f25339a34906'
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const standIn = await CatalogueStandIn.start()
standIn.knowsEverything = true
for (const backend of ['embedded', 'server'] as BackendId[]) {
  const db = await createTestDatabase(backend)
  await seedSampleData(db.knex)
  const env = { env: { WISHLIST_OFFLINE: undefined, WISHLIST_CATALOGUE_URL: standIn.url } }
  // Warms the embedded server (and the page cache) before anything is timed.
  await runBinary(db, ['show', '--user', FRED], env)
  const times = { fetched: [] as number[], known: [] as number[] }
  for (let run = 0; run < RUNS; run++) {
    for (const [kind, isbn] of [['fetched', madeUpIsbn(500 + run)], ['known', catalogue[60 + run]!.isbn]] as const) {
      const start = performance.now()
      const result = await runBinary(db, ['add', isbn, '--user', FRED], env)
      times[kind].push(performance.now() - start)
      if (result.code !== 0) throw new Error(result.stderr)
    }
  }
  console.log(
    `${backend}: add fetching one ISBN ${median(times.fetched).toFixed(0)} ms, add of a book in the catalogue ${median(times.known).toFixed(0)} ms (medians of ${RUNS}; ${standIn.requests.length} requests)`,
  )
  standIn.requests.length = 0
  await db.destroy()
}
await standIn.stop()
