import { CatalogueStandIn, PROJECT_HAIL_MARY, PROJECT_HAIL_MARY_WORK } from './catalogue-stand-in.js'

// Mocha's hooks live here, not in catalogue-stand-in.ts, which the bench also compiles.
/**
 * A stand-in for the suite (started before it, stopped after it, emptied of recorded
 * requests before each test) that knows Project Hail Mary (its ISBN, and its work for
 * searches); `get()` gives it.
 */
export function useCatalogueStandIn(): () => CatalogueStandIn {
  let standIn: CatalogueStandIn | undefined
  before(async () => {
    standIn = await CatalogueStandIn.start()
    standIn.books.set(PROJECT_HAIL_MARY.isbn, PROJECT_HAIL_MARY.book)
    standIn.works.push(PROJECT_HAIL_MARY_WORK)
  })
  after(() => standIn?.stop())
  beforeEach(() => standIn?.reset())
  return () => {
    if (!standIn) throw new Error('catalogue stand-in not started')
    return standIn
  }
}
