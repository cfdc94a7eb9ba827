import { UsageError } from '../../errors.js'
import { CsvReader } from './csv-reader.js'
import { goodreadsRow, isGoodreadsHeader } from './goodreads.js'
import { isPlainHeader, jsonItems, jsonRow, plainRow } from './plain.js'
import type { Cells, ImportBook, RowOutcome, RowProblem } from './rows.js'
import { unneutralize } from './spreadsheet.js'
import { isStorygraphHeader, storygraphRow } from './storygraph.js'

import type { ImportFormat } from './formats.js'
import { count } from '../../output/words.js'

export { IMPORT_FORMATS, type ImportFormat } from './formats.js'

export const DEFAULT_SHELF = 'to-read'

/**
 * The longest CSV record (a line, or several when a quoted cell spans them) an
 * import reads, in characters: the reader holds the record it is in, so without a
 * limit a file with no line break (`/dev/zero`) grows it until memory runs out.
 * Real rows are a few hundred characters; Goodreads' longest, with a review, a few
 * thousand. docs/import-export.md states it.
 */
export const MAX_RECORD_CHARS = 1024 * 1024

/** The largest JSON file an import reads, in characters: JSON is parsed whole. */
export const MAX_JSON_CHARS = 64 * 1024 * 1024

export interface ParseOptions {
  /** Detected from the header (or a leading [ or {) when not given. */
  format?: ImportFormat
  /** Goodreads and StoryGraph only; default to-read. */
  shelf?: string
  /** The file's name, for messages. */
  source: string
}

export interface ImportSummary {
  format: ImportFormat
  /** Rows read as books (before matching). */
  books: number
  skipped: RowProblem[]
  /** Rows imported with an ISBN or date left out. */
  warnings: RowProblem[]
  /** Rows on other shelves (Goodreads, StoryGraph), left out. */
  otherShelf: number
  /** Those rows by shelf (a row on several shelves counts on each), most rows first. */
  otherShelves: { shelf: string; rows: number }[]
}

/**
 * Reads an import file a piece at a time into checked books: push text as it comes,
 * take the books read so far, end when the text does. CSV is read as it comes, so a
 * large file is never held whole; JSON is parsed whole at the end.
 *
 * Broken rows are skipped with their line. A file that cannot be read at all (no
 * recognisable header, bad JSON, nothing in it) is a UsageError, thrown by `push`
 * as soon as the header has been read (`ready`), or by `end`: the caller reads until
 * `ready` before it writes anything.
 */
export class ImportReader {
  /** Known once the header has been read (CSV) or the file has ended (JSON). */
  format: ImportFormat | undefined
  private readonly shelf: string
  private books: ImportBook[] = []
  private count = 0
  private readonly skipped: RowProblem[] = []
  private readonly warnings: RowProblem[] = []
  private otherShelf = 0
  private readonly shelves = new Map<string, number>()
  /** Characters pushed in all (JSON, or before the format is known). */
  private pending = 0
  /** Text seen before it is known whether the file is JSON (all of it, for JSON). */
  private held: string[] | undefined = []
  private json = false
  private csv: CsvReader | undefined
  private columns: Columns | undefined

  constructor(private readonly options: ParseOptions) {
    this.shelf = options.shelf ?? DEFAULT_SHELF
    if (options.format !== undefined) this.decide(options.format === 'json')
  }

  /** True once the file is known to be importable: the rows that follow can only be skipped one by one. */
  get ready(): boolean {
    return this.format !== undefined
  }

  push(text: string): void {
    this.pending += text.length
    if (this.csv) {
      this.csv.push(text)
      return this.checkSize()
    }
    this.held!.push(text)
    if (this.json) return this.checkSize()
    // JSON when the file starts with [ or {, as far as can be told from the text so far.
    const start = /\S/.exec(this.held!.join('').replace(/^\uFEFF/, ''))
    if (start) this.decide(start[0] === '[' || start[0] === '{')
    else if (this.pending > MAX_RECORD_CHARS) this.decide(false)
    this.checkSize()
  }

  /** Memory stays bounded: a record or a JSON file over its limit ends the import (exit 2). */
  private checkSize(): void {
    if (this.json && this.pending > MAX_JSON_CHARS) {
      throw new UsageError(
        `${this.options.source} is larger than ${MAX_JSON_CHARS / 1024 / 1024} MB, the most a JSON import reads.`,
        'Split it, or import it as CSV (read a piece at a time, any size).',
      )
    }
    if (!this.json && (this.csv ? this.csv.pendingChars() : this.pending) > MAX_RECORD_CHARS) {
      throw new UsageError(
        `${this.options.source} has a line longer than ${MAX_RECORD_CHARS / 1024 / 1024} MB (from line ${this.csv?.currentLine() ?? 1}): not a CSV file an import can read.`,
      )
    }
  }

  end(): void {
    if (!this.json && !this.csv) this.decide(false)
    if (this.json) {
      this.parseJson(this.held!.join(''))
      this.held = undefined
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
    return { format: this.format!, books: this.count, skipped: this.skipped, warnings: this.warnings, otherShelf: this.otherShelf, otherShelves }
  }

  private decide(json: boolean): void {
    const format = this.options.format ?? (json ? 'json' : undefined)
    if (this.options.shelf !== undefined && (format === 'csv' || format === 'json')) {
      throw new UsageError('--shelf applies to Goodreads and StoryGraph files only.')
    }
    this.json = format === 'json'
    if (this.json) return
    this.csv = new CsvReader({
      record: (fields, line) => this.record(fields, line),
      broken: (line, reason) => this.skipped.push({ line, reason: `cannot be read as CSV: ${reason}` }),
    })
    const held = this.held!
    this.held = undefined
    for (const text of held) this.csv.push(text)
  }

  private parseJson(text: string): void {
    let data: unknown
    try {
      data = JSON.parse(text.replace(/^\uFEFF/, ''))
    } catch (error) {
      throw new UsageError(`${this.options.source} is not valid JSON: ${(error as Error).message}.`)
    }
    const items = jsonItems(data)
    if (!items) throw new UsageError(`${this.options.source} holds no array of books.`, 'Give an array like `wishlist books --json` prints.')
    this.format = 'json'
    // JSON has no useful line numbers: "line" is the book's position in the array.
    items.forEach((item, index) => this.collect(index + 1, jsonRow(item)))
  }

  private record(fields: string[], line: number): void {
    if (!this.columns) {
      const header = fields.map((name) => name.trim().toLowerCase())
      this.format = checkedFormat(header, this.options.format, this.options.source)
      this.columns = new Columns(header)
      return
    }
    const { columns, format } = this
    if (fields.length !== columns.count) {
      this.skipped.push({ line, reason: `has ${count(fields.length, 'field')}, the header has ${columns.count}` })
      return
    }
    const cell: Cells = (...names) => {
      for (const name of names) {
        const index = columns.indexOf(name)
        if (index >= 0) return unneutralize(fields[index]!)
      }
      return ''
    }
    const outcome =
      format === 'goodreads' ? goodreadsRow(cell, this.shelf) : format === 'storygraph' ? storygraphRow(cell, this.shelf) : plainRow(cell)
    this.collect(line, outcome)
  }

  private collect(line: number, outcome: RowOutcome): void {
    if ('otherShelf' in outcome) {
      this.otherShelf += 1
      for (const shelf of outcome.otherShelf) this.shelves.set(shelf, (this.shelves.get(shelf) ?? 0) + 1)
    }
    else if ('skip' in outcome) this.skipped.push({ line, reason: outcome.skip })
    else {
      this.books.push({ line, ...outcome.book })
      this.count += 1
      if (outcome.warning) this.warnings.push({ line, reason: outcome.warning })
    }
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

function checkedFormat(header: string[], given: ImportFormat | undefined, source: string): ImportFormat {
  const format = given ?? detect(header)
  if (!format) {
    throw new UsageError(
      `Cannot tell the format of ${source}: its first line is not a Goodreads or StoryGraph header, and it has no "title" column.`,
      'Pass --format goodreads|storygraph|csv|json, or add a header line.',
    )
  }
  if (!header.includes('title')) throw new UsageError(`${source} does not look like a ${format} file: its header has no "Title" column.`)
  return format
}

function detect(header: string[]): ImportFormat | undefined {
  if (isGoodreadsHeader(header)) return 'goodreads'
  if (isStorygraphHeader(header)) return 'storygraph'
  if (isPlainHeader(header)) return 'csv'
  return undefined
}
