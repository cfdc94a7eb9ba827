import { UsageError } from '../errors.js'
import { isbnDigits, looksLikeIsbn, normalizeIsbn } from './isbn.js'
import { QUERY_LIMIT, checkedText } from './limits.js'
import { isUuid } from './uuid.js'
import { quote } from '../output/words.js'

/** How a BOOK argument names a book (SPEC "Commands"). */
export type BookRef =
  | { kind: 'id'; id: string; input: string }
  | { kind: 'isbn'; isbn: string; input: string }
  | { kind: 'text'; text: string; input: string }

/** Classifies a BOOK argument; an ISBN with a wrong check digit is a usage error. */
export function parseBookRef(input: string): BookRef {
  const trimmed = input.trim()
  if (trimmed === '') throw new UsageError('BOOK is empty.', 'Give a book id, an ISBN, or words from its title or author.')
  // Longer than any title and author together, it cannot name a book.
  checkedText(trimmed, 'BOOK', QUERY_LIMIT)
  if (isUuid(trimmed)) return { kind: 'id', id: trimmed.toLowerCase(), input }
  if (looksLikeIsbn(trimmed)) {
    const isbn = normalizeIsbn(trimmed)
    if (!isbn) throw new UsageError(`${quote(trimmed)} is not a valid ISBN (the check digit does not match).`)
    return { kind: 'isbn', isbn, input }
  }
  // Only digits (and hyphens, spaces, an X at the end), but not 10 or 13 of them: an
  // ISBN typed wrong. As free text it would match the books whose ISBNs start with it.
  if (/^[\d\s-]+[\dXx]$/.test(trimmed)) {
    const digits = isbnDigits(trimmed).length
    if (digits >= 9 && digits <= 14) {
      throw new UsageError(`${quote(trimmed)} is not an ISBN: it has ${digits} digits.`, 'An ISBN has 10 or 13 digits; check it, or search with `wishlist books QUERY`.')
    }
  }
  return { kind: 'text', text: trimmed, input }
}
