import { checkedNote } from '../../domain/limits.js'
import type { EntryFields, Priority } from '../../store/entries.js'

/** --priority and --note/--no-note as the store takes them; the note checked (one line, at most 500 characters). */
export function entryFields(options: { priority?: Priority; note?: string | false }): EntryFields {
  return {
    ...(options.priority !== undefined ? { priority: options.priority } : {}),
    ...(options.note === false ? { note: null } : options.note !== undefined ? { note: checkedNote(options.note) } : {}),
  }
}
