import type { WishlistWithCount } from '../store/wishlists.js'
import { humanizeTime } from './dates.js'
import type { Column } from './render.js'
import { safeText } from './safe-text.js'

/** A list in --json output (SPEC "Output": `lists`). */
export function listJson(list: WishlistWithCount) {
  return {
    id: list.id,
    name: list.name,
    user_id: list.userId,
    book_count: list.bookCount,
    created_at: list.createdAt.toISOString(),
  }
}

/** Columns of a list in tables and plain lines: id first so `cut -f1` gives ids. */
export const listColumns: Column<WishlistWithCount & { isDefault?: boolean }>[] = [
  { header: 'ID', plain: (list) => list.id },
  // On a terminal the default list says so; plain lines keep their four fields.
  { header: 'Name', plain: (list) => list.name, pretty: (list) => safeText(list.name) + (list.isDefault ? ' (default)' : ''), flex: true },
  { header: 'Books', plain: (list) => list.bookCount },
  { header: 'Created', plain: (list) => list.createdAt.toISOString(), pretty: (list) => humanizeTime(list.createdAt) },
]
