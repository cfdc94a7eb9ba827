import { UsageError } from '../errors.js'
import { looksLikeIsbn, normalizeIsbn } from './isbn.js'
import { isUuid } from './uuid.js'

/** How a BOOK argument names a book (SPEC "Commands"). */
export type BookRef =
  | { kind: 'id'; id: string; input: string }
  | { kind: 'isbn'; isbn: string; input: string }
  | { kind: 'text'; text: string; input: string }

/** Classifies a BOOK argument; an ISBN with a wrong check digit is a usage error. */
export function parseBookRef(input: string): BookRef {
  const trimmed = input.trim()
  if (trimmed === '') throw new UsageError('BOOK is empty.', 'Give a book id, an ISBN, or words from its title or author.')
  if (isUuid(trimmed)) return { kind: 'id', id: trimmed.toLowerCase(), input }
  if (looksLikeIsbn(trimmed)) {
    const isbn = normalizeIsbn(trimmed)
    if (!isbn) throw new UsageError(`"${trimmed}" is not a valid ISBN (the check digit does not match).`)
    return { kind: 'isbn', isbn, input }
  }
  return { kind: 'text', text: trimmed, input }
}
