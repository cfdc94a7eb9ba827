import type { PGlite } from '@electric-sql/pglite'

// Frontend messages of PostgreSQL's extended protocol that a Sync ('S') must follow:
// Parse, Bind, Describe, Execute, Close, Flush. A simple Query ('Q'), the start-up
// packet and Sync itself leave no batch open.
const BATCH = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((letter) => letter.charCodeAt(0)))

/**
 * pglite-socket runs every client on PGlite's one session and hands that session to
 * another client between any two protocol messages unless a transaction is open
 * (electric-sql/pglite#1046). Between a Parse and its Sync there is no transaction,
 * so a second client's Parse replaces the first one's unnamed statement: bind errors,
 * or silently wrong rows, whenever two `wishlist` processes run at once.
 *
 * The queue keeps the session with one client while `isInTransaction()` is true, so
 * this view of the database also reports true from the first message of a batch until
 * its Sync. A client that disconnects mid-batch is cleaned up with exec('ROLLBACK'),
 * which also ends the batch.
 */
export function withBatchAffinity(db: PGlite): PGlite {
  let batchOpen = false
  return new Proxy(db, {
    get(target, property) {
      if (property === 'isInTransaction') return () => batchOpen || target.isInTransaction()
      if (property === 'execProtocolRawStream') {
        return async (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
          batchOpen = BATCH.has(message[0]!)
          return target.execProtocolRawStream(message, options)
        }
      }
      if (property === 'exec') {
        return (query: string, options?: Parameters<PGlite['exec']>[1]) => {
          batchOpen = false
          return target.exec(query, options)
        }
      }
      const value = Reflect.get(target, property, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
