import type { Command } from 'commander'
import { subcommand, takesValue } from '../command-path.js'
import { UsageError } from '../errors.js'

/**
 * `--json FIELDS`, in gh's style: `--json` alone prints a command's whole JSON shape,
 * `--json title,isbn` only those keys (of the object, or of each object of an array).
 * A shape holding an array of records (`show`'s books) also lets the records' keys be
 * chosen: `show --json name,title` keeps `name`, and `books` with only `title` in each.
 */
export interface JsonShape {
  fields: readonly string[]
  nested?: { key: string; fields: readonly string[] }
  /** Keys printed only with an option (`books --online`): choosable, not always there. */
  withOption?: { option: string; fields: readonly string[] }
}

const BOOK = ['id', 'title', 'author', 'isbn', 'publication_date']
const LIST = ['id', 'name', 'user_id', 'book_count', 'created_at']
const USER = ['id', 'email', 'first_name', 'last_name', 'role']

/**
 * Every command that prints JSON, by its path, with the keys it prints (SPEC
 * "Output"); test/cli/json-fields.test.ts checks each against the real output.
 * `export` is not here: its --json chooses the file format, whole records.
 */
export const JSON_SHAPES: Record<string, JsonShape> = {
  show: {
    fields: ['wishlist_id', 'name', 'user_id', 'books'],
    nested: { key: 'books', fields: [...BOOK, 'added_at', 'position', 'priority', 'note'] },
  },
  add: { fields: ['book_id', 'user_id', 'wishlist_id', 'added', 'book_created', 'updated'] },
  move: { fields: ['book_id', 'wishlist_id', 'position', 'moved'] },
  edit: { fields: ['book_id', 'wishlist_id', 'position', 'priority', 'note'] },
  remove: { fields: ['book_id', 'wishlist_id', 'removed'] },
  // `lists --shared` prints the same keys: owner is the list's owner (the user's own
  // email for their lists), shared_with null for another's list (not theirs to tell).
  lists: { fields: [...LIST, 'default', 'visibility', 'shared_with', 'owner'] },
  'lists share': { fields: ['id', 'name', 'visibility', 'shared_with'] },
  'lists unshare': { fields: ['id', 'name', 'visibility', 'shared_with'] },
  claim: { fields: ['book_id', 'wishlist_id', 'owner_id', 'claimed', 'note'] },
  unclaim: { fields: ['book_id', 'wishlist_id', 'claimed'] },
  claims: { fields: ['book_id', 'title', 'wishlist_id', 'list', 'owner_id', 'owner', 'claimed_at', 'note', 'status'] },
  'users link': { fields: USER },
  'lists create': { fields: LIST },
  'lists rename': { fields: LIST },
  'lists delete': { fields: LIST },
  books: { fields: BOOK, withOption: { option: '--online', fields: ['in_catalogue', 'source', 'key'] } },
  'books add': { fields: BOOK },
  'books edit': { fields: BOOK },
  'books show': { fields: [...BOOK, 'wishlists', 'other_list_count', 'other_user_count'] },
  'books remove': { fields: [...BOOK, 'wishlist_count', 'other_user_entries'] },
  users: { fields: [...USER, 'current'] },
  'users add': { fields: USER },
  'users use': { fields: USER },
  'users remove': { fields: [...USER, 'list_count'] },
  whoami: { fields: USER },
  import: {
    fields: [
      'books_created',
      'books_matched',
      'entries_added',
      'entries_existing',
      'skipped',
      'warnings',
      'other_shelves',
      'wishlist_id',
      'format',
      'lists',
      'rejects',
      'dry_run',
    ],
  },
  'db info': { fields: ['backend', 'engine', 'url', 'data_dir', 'socket', 'server_version', 'schema'] },
  'db status': { fields: ['name', 'state'] },
  'db migrate': { fields: ['applied'] },
  'db rollback': { fields: ['rolled_back'] },
  version: { fields: ['version'] },
}

/** The keys of the top-level records, the option-only ones included. */
const topFields = (shape: JsonShape) => [...shape.fields, ...(shape.withOption?.fields ?? [])]

export const allFields = (shape: JsonShape) => [...new Set([...topFields(shape), ...(shape.nested?.fields ?? [])])]

/** The help line of a command's JSON fields. */
export function jsonFieldsHelp(shape: JsonShape): string {
  const nested = shape.nested ? `\n  in each of ${shape.nested.key}: ${shape.nested.fields.join(', ')}` : ''
  const extra = shape.withOption ? `\n  with ${shape.withOption.option}: ${shape.withOption.fields.join(', ')}` : ''
  return `JSON fields (--json FIELDS, comma-separated):\n  ${shape.fields.join(', ')}${nested}${extra}\n`
}

const FIELD_LIST = /^[a-z_]+(,[a-z_]+)*$/

/**
 * Reads --json's FIELDS out of argv before commander does, and hands commander
 * `--json=FIELDS` or `--json=` (whole shapes). commander would take any word after
 * `--json` as its value, so `wishlist books --json dune` would search for nothing.
 * Here the word after `--json` is FIELDS only when it looks like a field list and
 * has a comma, or names a field of the command reached so far, or that command
 * takes no arguments; otherwise it stays an argument. `--json=FIELDS` is always FIELDS.
 * Unknown fields are exit 2, naming the valid ones, before anything runs.
 */
export function takeJsonFields(program: Command, args: string[]): { args: string[]; select?: (data: unknown) => unknown } {
  const out: string[] = []
  let command = program
  let path: string[] = []
  let operands = 0
  let given: string | undefined
  for (let index = 0; index < args.length; index++) {
    const word = args[index]!
    if (word === '--') {
      out.push(...args.slice(index))
      break
    }
    if (word === '--json' || word.startsWith('--json=')) {
      let value = word === '--json' ? undefined : word.slice('--json='.length)
      const next = args[index + 1]
      if (value === undefined && next !== undefined && isFieldsWord(command, path, operands, next)) {
        value = next
        index++
      }
      if (value !== undefined && value !== '') given = value
      out.push(`--json=${value ?? ''}`)
      continue
    }
    out.push(word)
    if (word.startsWith('-') && word !== '-') {
      if (takesValue(command, word) && index + 1 < args.length) out.push(args[++index]!)
      continue
    }
    const sub = operands === 0 ? subcommand(command, word) : undefined
    if (sub) {
      command = sub
      path = [...path, sub.name()]
    } else {
      operands++
    }
  }
  if (given === undefined) return { args: out }
  const shape = JSON_SHAPES[path.join(' ')]
  const name = ['wishlist', ...path].join(' ')
  if (!shape) {
    throw new UsageError(
      `\`${name}\` has no JSON fields to choose.`,
      path[0] === 'export' ? 'Its --json writes whole records; choose fields with `wishlist show --json FIELDS`.' : 'Drop the fields after --json.',
    )
  }
  const selected = given.split(',').map((field) => field.trim()).filter(Boolean)
  const valid = allFields(shape)
  const unknown = selected.filter((field) => !valid.includes(field))
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown JSON field${unknown.length === 1 ? '' : 's'} for \`${name}\`: ${unknown.join(', ')}.`,
      `Available fields: ${valid.join(', ')}.`,
    )
  }
  return { args: out, select: (data) => selectFields(data, shape, selected) }
}

function isFieldsWord(command: Command, path: string[], operands: number, word: string): boolean {
  if (!FIELD_LIST.test(word)) return false
  if (operands === 0 && subcommand(command, word)) return false
  if (word.includes(',')) return true
  const shape = JSON_SHAPES[path.join(' ')]
  if (shape && allFields(shape).includes(word)) return true
  return command.registeredArguments.length === 0
}

/** Keeps the selected keys, in the order asked, of an object or of each object of an array. */
export function selectFields(data: unknown, shape: JsonShape, selected: string[]): unknown {
  if (Array.isArray(data)) return data.map((item) => selectFields(item, shape, selected))
  if (data === null || typeof data !== 'object') return data
  const record = data as Record<string, unknown>
  const picked: Record<string, unknown> = {}
  const nested = shape.nested
  const top = topFields(shape)
  const inner = nested ? selected.filter((field) => nested.fields.includes(field) && !top.includes(field)) : []
  const pickInner = (value: unknown) =>
    Array.isArray(value) && inner.length > 0 ? value.map((item) => pickKeys(item as Record<string, unknown>, inner)) : value
  for (const field of selected) {
    if (top.includes(field) && field in record) picked[field] = field === nested?.key ? pickInner(record[field]) : record[field]
  }
  if (nested && inner.length > 0 && !(nested.key in picked) && nested.key in record) picked[nested.key] = pickInner(record[nested.key])
  return picked
}

function pickKeys(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in record).map((key) => [key, record[key]]))
}
