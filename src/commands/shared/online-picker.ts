import type { Knex } from 'knex'
import { CatalogueError, catalogueConfig } from '../../catalogue/open-library.js'
import { searchOnline } from '../../catalogue/search.js'
import type { Context } from '../../context.js'
import type { OnlineSearchFn } from '../../picker/online-results.js'
import type { BookChoice } from '../../prompter.js'
import type { Book } from '../../store/books.js'
import { PICKER_SIZE } from './messages.js'

/**
 * The add picker's online search: Open Library's results for the term, the ones the
 * catalogue has already turned into its books. Its failures become the picker's one
 * dim line (offline, the service failed or timed out); the picker goes on with the
 * catalogue.
 */
export function pickerOnlineSearch(
  ctx: Context,
  knex: Knex,
  choices: (books: Book[]) => Promise<BookChoice[]>,
): OnlineSearchFn {
  const config = catalogueConfig(ctx.env, ctx.options.offline)
  return async (term, signal) => {
    if (!config.baseUrl) throw new Error('Offline (--offline or WISHLIST_OFFLINE): Open Library not searched.')
    try {
      const { known, hits } = await searchOnline(knex, config, term, PICKER_SIZE, signal)
      return { known: await choices(known), hits }
    } catch (error) {
      if (error instanceof CatalogueError) {
        throw new Error(`Open Library (${error.service}) not searched: ${error.cause}. Showing the catalogue only.`)
      }
      throw error
    }
  }
}
