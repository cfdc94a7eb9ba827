import type { Knex } from 'knex'
import { type Book, findBooksByIsbns } from '../store/books.js'
import { type CatalogueConfig, type CatalogueHit, searchCatalogue } from './open-library.js'

/** An online search split in two: what the catalogue already has, and what it does not. */
export interface OnlineSearch {
  /** Catalogue books that are one of the service's results (by any ISBN of the work), in its order. */
  known: Book[]
  /** The service's results with no ISBN in the catalogue. */
  hits: CatalogueHit[]
}

/**
 * Searches the service and looks its results' ISBNs up in the catalogue (one query),
 * so a book already there is shown as the catalogue's, never twice. Used by
 * `books QUERY --online` and the picker; `signal` cancels the request.
 */
export async function searchOnline(
  knex: Knex,
  config: CatalogueConfig,
  query: string,
  limit: number,
  signal?: AbortSignal,
): Promise<OnlineSearch> {
  const found = await searchCatalogue(config, query, limit, signal)
  const isbns = [...new Set(found.flatMap((hit) => hit.isbns))]
  const inCatalogue = isbns.length > 0 ? await findBooksByIsbns(knex, isbns) : new Map<string, Book>()
  const known: Book[] = []
  const hits: CatalogueHit[] = []
  for (const hit of found) {
    const book = hit.isbns.map((isbn) => inCatalogue.get(isbn)).find((match) => match !== undefined)
    if (!book) hits.push(hit)
    else if (!known.some((other) => other.id === book.id)) known.push(book)
  }
  return { known, hits }
}
