import { JSONParser } from '@streamparser/json'
import { UsageError } from '../../errors.js'
import { bookwyrmRow, isBookwyrmHeader } from './bookwyrm.js'
import { calibreRow, isCalibreHeader } from './calibre.js'
import { CsvReader } from './csv-reader.js'
import { JSON_FORMATS, type ImportFormat } from './formats.js'
import { goodreadsRow, isGoodreadsHeader } from './goodreads.js'
import { hardcoverRow, isHardcoverHeader } from './hardcover.js'
import { isLibrarythingHeader, librarythingJsonRow, librarythingRow } from './librarything.js'
import { isOpenlibraryHeader, openlibraryRow } from './openlibrary.js'
import { isPlainHeader, jsonRow, plainRow } from './plain.js'
import { type Cells, type ImportBook, type RowProblem, type Shelf, type SourceRow, toOutcome } from './rows.js'
import { unneutralize } from './spreadsheet.js'
import { isStorygraphHeader, storygraphRow } from './storygraph.js'

import { count, quote } from '../../output/words.js'

export { IMPORT_FORMATS, type ImportFormat } from './formats.js'

export const DEFAULT_SHELF = 'to-read'

/**
 * The longest CSV record (a line, or several when a quoted cell spans them) an
 * import reads, in characters: the reader holds the record it is in, so without a
 * limit a file with no line break (`/dev/zero`) grows it until memory runs out.
 * Real rows are a few hundred characters; Goodreads' longest, with a review, a few
 * thousand. The same limit holds for one book of a JSON file. docs/import-export.md
 * states it.
 */
export const MAX_RECORD_CHARS = 1024 * 1024

/** A table format: how its header is recognised and what a row gives. */
interface TableFormat {
  name: ImportFormat
  detect(header: string[]): boolean
  row(cell: Cells): SourceRow
  /** Tab-separated, cells never quoted (LibraryThing). */
  tabs?: boolean
  /** The shelves a plain `wishlist import` takes (its want-to-read shelf); none: the format has no shelves. */
  defaultShelves?: string[]
}

/** In the order they are tried: the most particular headers first (LibraryThing's also has Book Id and Title). */
const TABLE_FORMATS: TableFormat[] = [
  { name: 'librarything', detect: isLibrarythingHeader, row: librarythingRow, tabs: true, defaultShelves: ['To read', 'Wishlist'] },
  { name: 'hardcover', detect: isHardcoverHeader, row: hardcoverRow, defaultShelves: ['Want to Read'] },
  { name: 'bookwyrm', detect: isBookwyrmHeader, row: bookwyrmRow, defaultShelves: [DEFAULT_SHELF] },
  { name: 'openlibrary', detect: isOpenlibraryHeader, row: openlibraryRow, defaultShelves: ['Want to Read'] },
  { name: 'calibre', detect: isCalibreHeader, row: calibreRow },
  { name: 'goodreads', detect: isGoodreadsHeader, row: goodreadsRow, defaultShelves: [DEFAULT_SHELF] },
  { name: 'storygraph', detect: isStorygraphHeader, row: storygraphRow, defaultShelves: [DEFAULT_SHELF] },
  { name: 'csv', detect: isPlainHeader, row: plainRow },
]

const JSON_DEFAULT_SHELVES: Partial<Record<ImportFormat, string[]>> = { 'librarything-json': ['To read', 'Wishlist'] }

/** The shelves a format's rows are taken from by default, or undefined when it has none. */
export function defaultShelves(format: ImportFormat): string[] | undefined {
  return TABLE_FORMATS.find((known) => known.name === format)?.defaultShelves ?? JSON_DEFAULT_SHELVES[format]
}

/** Shelf names compare in any case, and with any spacing. */
export function shelfKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase()
}

export interface ParseOptions {
  /** Detected from the header (or a leading [ or {) when not given. */
  format?: ImportFormat
  /** Files with shelves only; default the format's want-to-read shelf. */
  shelf?: string
  /** Every shelf its own list (--shelves all). */
  allShelves?: boolean
  /** --map: shelf (shelfKey) -> list name. */
  map?: Map<string, string>
  /** The file's name, for messages. */
  source: string
  /** Each row that is not imported, with what it was, as it is read (for --rejects). */
  onReject?: (reject: Reject) => void
}

/** A row left out, with what the file held: its fields (CSV, TSV) or its value (JSON, and its key in an object). */
export interface Reject {
  line: number
  reason: string
  fields?: string[]
  item?: unknown
  key?: string
}

export interface ImportSummary {
  format: ImportFormat
  /** Rows read as books (before matching). */
  books: number
  skipped: RowProblem[]
  /** Rows imported with an ISBN or date left out. */
  warnings: RowProblem[]
  /** Rows on other shelves, left out. */
  otherShelf: number
  /** Those rows by shelf (a row on several shelves counts on each), most rows first. */
  otherShelves: { shelf: string; rows: number }[]
  /** The shelves taken (--shelf, or the format's default). */
  shelves: string[]
}

/**
 * Reads an import file a piece at a time into checked books: push text as it comes,
 * take the books read so far, end when the text does. CSV and TSV are read by the
 * record, JSON by the book (a streaming parser), so a large file is never held whole.
 *
 * Broken rows are skipped with their line. A file that cannot be read at all (no
 * recognisable header, bad JSON, nothing in it) is a UsageError, thrown by `push`
 * as soon as the header has been read (`ready`), or by `end`: the caller reads until
 * `ready` before it writes anything.
 */
export class ImportReader {
  /** Known once the header (CSV) or the first book (JSON) has been read. */
  format: ImportFormat | undefined
  /** The header as the file has it (CSV, TSV), for --rejects. */
  header: string[] | undefined
  /** The cells' separator, once known. */
  delimiter: ',' | '\t' = ','
  /** JSON: whether the books are an array, or an object's values keyed by id (LibraryThing). */
  jsonShape: 'array' | 'object' | undefined
  private books: ImportBook[] = []
  private count = 0
  private readonly skipped: RowProblem[] = []
  private readonly warnings: RowProblem[] = []
  private otherShelf = 0
  private readonly shelves = new Map<string, number>()
  /** Characters pushed before the format is known, or since the last JSON book. */
  private pending = 0
  /** Text seen before it is known whether the file is JSON, and where its first line ends. */
  private held: string[] | undefined = []
  private json: JSONParser | undefined
  private jsonItems = 0
  private jsonRoot: '[' | '{' | undefined
  private jsonError: Error | undefined
  private csv: CsvReader | undefined
  private table: TableFormat | undefined
  private columns: Columns | undefined
  private wanted: Set<string> | undefined

  constructor(private readonly options: ParseOptions) {
    if (options.shelf !== undefined && options.allShelves) throw new UsageError('--shelf and --shelves all cannot be used together.', 'Use --shelves all with --map SHELF=LIST to choose the names.')
    if (options.map && options.map.size > 0 && !options.allShelves) throw new UsageError('--map applies with --shelves all.')
  }

  /** True once the file is known to be importable: the rows that follow can only be skipped one by one. */
  get ready(): boolean {
    return this.format !== undefined
  }

  push(text: string): void {
    if (this.csv) {
      this.csv.push(text)
      return this.checkSize()
    }
    if (this.json) return this.pushJson(text)
    this.pending += text.length
    this.held!.push(text)
    const seen = this.held!.join('').replace(/^\uFEFF/, '')
    const start = /\S/.exec(seen)
    const forced = this.options.format
    if (start && (forced ? JSON_FORMATS.includes(forced) : start[0] === '[' || start[0] === '{')) return this.startJson()
    // A table: its first line says whether cells are separated by tabs or commas.
    if (start && /[\r\n]/.test(seen.slice(start.index))) return this.startTable(seen)
    if (this.pending > MAX_RECORD_CHARS) return this.startTable(seen)
  }

  /** Memory stays bounded: a record or a JSON book over its limit ends the import (exit 2). */
  private checkSize(): void {
    if (this.json && this.pending > MAX_RECORD_CHARS) {
      throw new UsageError(
        `${this.options.source} has a book longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB (the ${ordinal(this.jsonItems + 1)}): not a JSON file an import can read.`,
      )
    }
    if (!this.json && (this.csv ? this.csv.pendingChars() : this.pending) > MAX_RECORD_CHARS) {
      throw new UsageError(
        `${this.options.source} has a line longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB (from line ${this.csv?.currentLine() ?? 1}): not a CSV file an import can read.`,
      )
    }
  }

  end(): void {
    if (!this.json && !this.csv) {
      const seen = this.held!.join('').replace(/^\uFEFF/, '')
      if (this.options.format && JSON_FORMATS.includes(this.options.format)) this.startJson()
      else this.startTable(seen)
    }
    if (this.json) {
      if (!this.json.isEnded) {
        try {
          this.json.end()
        } catch (error) {
          this.jsonError ??= error as Error
        }
      }
      this.throwJsonError()
      if (!this.format) {
        if (this.jsonRoot === '[' || this.jsonRoot === undefined && this.options.format === 'json') this.format = 'json'
        else throw new UsageError(`${this.options.source} holds no array of books.`, 'Give an array like `wishlist books --json` prints, or a LibraryThing JSON export.')
      }
      return
    }
    this.csv!.end()
    if (!this.format) throw new UsageError(`${this.options.source} is empty.`)
    this.skipped.sort((a, b) => a.line - b.line)
  }

  /** The books read since the last call. */
  take(): ImportBook[] {
    const books = this.books
    this.books = []
    return books
  }

  /** What was read, once `end` has returned. */
  summary(): ImportSummary {
    const otherShelves = [...this.shelves].map(([shelf, rows]) => ({ shelf, rows })).sort((a, b) => b.rows - a.rows || a.shelf.localeCompare(b.shelf))
    const shelves = this.options.shelf !== undefined ? [this.options.shelf] : (defaultShelves(this.format!) ?? [])
    return { format: this.format!, books: this.count, skipped: this.skipped, warnings: this.warnings, otherShelf: this.otherShelf, otherShelves, shelves }
  }

  private startTable(seen: string): void {
    const forced = this.options.format
    const firstLine = /^[^\r\n]*/.exec(seen.replace(/^\s+/, ''))![0]
    const tabs = forced ? TABLE_FORMATS.find((known) => known.name === forced)?.tabs === true || (forced === 'csv' && isTabbed(firstLine)) : isTabbed(firstLine)
    this.delimiter = tabs ? '\t' : ','
    this.csv = new CsvReader(
      {
        record: (fields, line) => this.record(fields, line),
        broken: (line, reason) => this.skip(line, `cannot be read as CSV: ${reason}`, {}),
      },
      // LibraryThing never quotes its cells, and its titles hold quotes.
      { delimiter: this.delimiter, quotes: !tabs },
    )
    const held = this.held!
    this.held = undefined
    this.pending = 0
    for (const text of held) {
      this.csv.push(text)
      this.checkSize()
    }
  }

  private startJson(): void {
    // Each book of a top-level array, or each value of a top-level object: the books
    // of a `show --json` document ({"books": [...]}), or LibraryThing's books keyed by id.
    const parser = new JSONParser({ paths: ['$.*', '$.books.*'], keepStack: false })
    parser.onValue = ({ value, key, stack }) => this.jsonValue(value, key, stack.length)
    parser.onError = (error) => {
      this.jsonError ??= error
    }
    this.json = parser
    const held = this.held!
    this.held = undefined
    this.pending = 0
    for (const text of held) this.pushJson(text)
  }

  private pushJson(text: string): void {
    if (this.jsonRoot === undefined) {
      const start = /\S/.exec(text.replace(/^\uFEFF/, ''))
      if (start) this.jsonRoot = start[0] === '[' ? '[' : '{'
    }
    // Counted before the piece is parsed: a book that ends in it still took its room.
    this.pending += text.length
    this.checkSize()
    if (!this.json!.isEnded && !this.jsonError) {
      try {
        this.json!.write(text.replace(/^\uFEFF/, ''))
      } catch (error) {
        this.jsonError ??= error as Error
      }
    }
    this.throwJsonError()
  }

  private throwJsonError(): void {
    const error = this.jsonError
    if (!error) return
    if (error instanceof UsageError) throw error
    throw new UsageError(`${this.options.source} is not valid JSON: ${error.message.replace(/\.$/, '')}.`)
  }

  private jsonValue(value: unknown, key: string | number | undefined, depth: number): void {
    this.pending = 0
    const inBooks = depth === 2
    if (depth === 1 && this.jsonRoot === '{') {
      // A value of a top-level object: a LibraryThing book, or a key of a `show --json` document.
      if (key === 'books' && Array.isArray(value)) return void (this.format ??= 'json')
      const lt = this.options.format === 'librarything-json' || isLibrarythingBook(value)
      if (!lt || this.format === 'json') return
      this.format ??= 'librarything-json'
      this.jsonShape = 'object'
      return this.jsonBook(value, String(key))
    }
    if (!inBooks && depth !== 1) return
    if (this.format === undefined) {
      this.format = this.options.format === 'librarything-json' || (!inBooks && isLibrarythingBook(value)) ? 'librarything-json' : 'json'
      this.jsonShape = 'array'
      this.checkShelfOptions()
    }
    this.jsonShape ??= 'array'
    this.jsonBook(value, undefined)
  }

  private jsonBook(value: unknown, key: string | undefined): void {
    if (this.jsonItems === 0) this.checkShelfOptions()
    this.jsonItems += 1
    // JSON has no useful line numbers: "line" is the book's place in the file.
    const source = this.format === 'librarything-json' ? librarythingJsonRow(value) : jsonRow(value)
    this.collect(this.jsonItems, source, key === undefined ? { item: value } : { item: value, key })
  }

  private record(fields: string[], line: number): void {
    if (!this.columns) {
      const header = fields.map((name) => name.trim().toLowerCase())
      this.header = fields
      this.table = checkedFormat(header, this.options.format, this.options.source, this.delimiter)
      this.format = this.table.name
      this.columns = new Columns(header)
      this.checkShelfOptions()
      return
    }
    const { columns, table } = this
    if (fields.length !== columns.count) {
      this.skip(line, `has ${count(fields.length, 'field')}, the header has ${columns.count}`, { fields })
      return
    }
    const cell: Cells = (...names) => {
      for (const name of names) {
        const index = columns.indexOf(name)
        if (index >= 0) return unneutralize(fields[index]!)
      }
      return ''
    }
    this.collect(line, table!.row(cell), { fields })
  }

  /** --shelf and --shelves need a file with shelves; known once the format is. */
  private checkShelfOptions(): void {
    const shelves = defaultShelves(this.format!)
    if (!shelves && (this.options.shelf !== undefined || this.options.allShelves)) {
      throw new UsageError(`${this.options.shelf !== undefined ? '--shelf' : '--shelves'} applies to files with shelves; a ${this.format} file has none.`, 'Its rows all go to the one list (-l LIST).')
    }
    if (shelves) this.wanted = new Set((this.options.shelf !== undefined ? [this.options.shelf] : shelves).map(shelfKey))
  }

  private skip(line: number, reason: string, what: Omit<Reject, 'line' | 'reason'>): void {
    this.skipped.push({ line, reason })
    this.options.onReject?.({ line, reason, ...what })
  }

  private collect(line: number, source: SourceRow, what: Omit<Reject, 'line' | 'reason'>): void {
    if ('skip' in source) return this.skip(line, source.skip, what)
    let lists: Shelf[]
    if (this.options.allShelves) {
      lists = this.mapped(source.shelves)
    } else if (this.wanted) {
      const on = source.shelves.find((shelf) => this.wanted!.has(shelfKey(shelf.name)) || (shelf.alias !== undefined && this.wanted!.has(shelfKey(shelf.alias))))
      if (!on) {
        this.otherShelf += 1
        for (const { name } of source.shelves) this.shelves.set(name, (this.shelves.get(name) ?? 0) + 1)
        return
      }
      lists = [{ name: '', position: on.position }]
    } else {
      // csv and json: the entry's place as the file gives it (what export writes).
      lists = [{ name: '', position: source.position ?? null }]
    }
    const outcome = toOutcome(source.raw)
    if ('skip' in outcome) return this.skip(line, outcome.skip, what)
    this.books.push({ line, ...outcome.book, lists })
    this.count += 1
    if (outcome.warning) this.warnings.push({ line, reason: outcome.warning })
  }

  /** --shelves all: each shelf by its --map name, each list once (the first place given wins); none: the one list. */
  private mapped(shelves: Shelf[]): Shelf[] {
    const map = this.options.map
    const lists = new Map<string, Shelf>()
    for (const shelf of shelves) {
      const name = map?.get(shelfKey(shelf.name)) ?? (shelf.alias !== undefined ? map?.get(shelfKey(shelf.alias)) : undefined) ?? shelf.name
      const key = shelfKey(name)
      const known = lists.get(key)
      if (!known) lists.set(key, { name, position: shelf.position })
      else if (known.position === null || (shelf.position !== null && shelf.position < known.position)) known.position = shelf.position ?? known.position
    }
    return lists.size > 0 ? [...lists.values()] : [{ name: '', position: null }]
  }
}

/** Where each column is, by header name in any case (the first column of a name wins). */
class Columns {
  readonly count: number
  private readonly known = new Map<string, number>()

  constructor(private readonly header: string[]) {
    this.count = header.length
  }

  indexOf(name: string): number {
    let index = this.known.get(name)
    if (index === undefined) {
      index = this.header.indexOf(name.toLowerCase())
      this.known.set(name, index)
    }
    return index
  }
}

/** More tabs than commas in the first line: tab-separated. */
function isTabbed(line: string): boolean {
  const tabs = line.split('\t').length - 1
  return tabs > 0 && tabs >= line.split(',').length - 1
}

function isLibrarythingBook(value: unknown): boolean {
  return !!value && typeof value === 'object' && !Array.isArray(value) && ('books_id' in value || 'primaryauthor' in value)
}

function ordinal(n: number): string {
  const tens = n % 100
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')
  return `${n}${suffix}`
}

const NAMES = 'goodreads|storygraph|librarything|librarything-json|bookwyrm|openlibrary|hardcover|calibre|csv|json'

function checkedFormat(header: string[], given: ImportFormat | undefined, source: string, delimiter: string): TableFormat {
  const format = given ? TABLE_FORMATS.find((known) => known.name === given) : TABLE_FORMATS.find((known) => known.detect(header))
  if (!format) {
    throw new UsageError(
      `Cannot tell the format of ${source}: its first line is not the header of a known export, and it has no "title" column.`,
      `Pass --format ${NAMES}, or add a header line.`,
    )
  }
  if (!header.includes('title')) {
    const hint = delimiter === '\t' ? undefined : format.tabs ? 'A LibraryThing export is tab-separated.' : undefined
    throw new UsageError(`${source} does not look like a ${format.name} file: its header has no "Title" column.`, hint)
  }
  return format
}
