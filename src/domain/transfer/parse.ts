import { parse as parseCsv } from 'csv-parse/sync'
import { UsageError } from '../../errors.js'
import { goodreadsRow, isGoodreadsHeader } from './goodreads.js'
import { isPlainHeader, jsonItems, jsonRow, plainRow } from './plain.js'
import type { Cells, ImportBook, RowOutcome, RowProblem } from './rows.js'
import { unneutralize } from './spreadsheet.js'
import { isStorygraphHeader, storygraphRow } from './storygraph.js'

import type { ImportFormat } from './formats.js'

export { IMPORT_FORMATS, type ImportFormat } from './formats.js'

export const DEFAULT_SHELF = 'to-read'

export interface ParseOptions {
  /** Detected from the header (or a leading [ or {) when not given. */
  format?: ImportFormat
  /** Goodreads and StoryGraph only; default to-read. */
  shelf?: string
  /** The file's name, for messages. */
  source: string
}

export interface ParsedImport {
  format: ImportFormat
  books: ImportBook[]
  skipped: RowProblem[]
  /** Rows imported with an ISBN or date left out. */
  warnings: RowProblem[]
  /** Rows on other shelves (Goodreads, StoryGraph), left out. */
  otherShelf: number
}

/**
 * Reads a whole import file into checked books. Broken rows are skipped with their
 * line; a file that cannot be read at all (no recognisable header, bad JSON) is a
 * UsageError, so nothing is written.
 */
export function parseImport(text: string, options: ParseOptions): ParsedImport {
  const format = options.format ?? (/^\uFEFF?\s*[[{]/.test(text) ? 'json' : undefined)
  if (options.shelf !== undefined && (format === 'csv' || format === 'json')) {
    throw new UsageError('--shelf applies to Goodreads and StoryGraph files only.')
  }
  return format === 'json' ? parseJson(text, options.source) : parseCsvFile(text, format, options)
}

function parseJson(text: string, source: string): ParsedImport {
  let data: unknown
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    throw new UsageError(`${source} is not valid JSON: ${(error as Error).message}.`)
  }
  const items = jsonItems(data)
  if (!items) throw new UsageError(`${source} holds no array of books.`, 'Give an array like `wishlist books --json` prints.')
  const result = empty('json')
  // JSON has no useful line numbers: "line" is the book's position in the array.
  items.forEach((item, index) => collect(result, index + 1, jsonRow(item)))
  return result
}

interface CsvRecord {
  record: string[]
  raw: string
  info: { lines: number }
}

function parseCsvFile(text: string, given: ImportFormat | undefined, options: ParseOptions): ParsedImport {
  const broken: RowProblem[] = []
  let header: string[] | undefined
  let result: ParsedImport | undefined
  const shelf = options.shelf ?? DEFAULT_SHELF
  // Each record is turned into a book as csv-parse reads it (on_record returns null,
  // so csv-parse keeps nothing): a 100,000-row export never exists as a second copy.
  parseCsv(text, {
    bom: true,
    info: true,
    raw: true,
    // Spreadsheets write stray quotes inside unquoted cells; keep them as text.
    relax_quotes: true,
    // Rows with the wrong number of fields are reported below, one by one.
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      broken.push({ line: Number(error?.lines ?? 0), reason: error ? `cannot be read as CSV: ${error.message}` : 'cannot be read as CSV' })
      return undefined
    },
    on_record: (parsed) => {
      const { record, raw, info } = parsed as unknown as CsvRecord
      if (!header) {
        header = record.map((name) => name.trim().toLowerCase())
        result = empty(checkedFormat(header, given, options.source))
      } else {
        collectRow(result!, header, shelf, record, firstLine(info.lines, raw))
      }
      return null
    },
  })
  if (!result) throw new UsageError(`${options.source} is empty.`)
  result.skipped.push(...broken)
  result.skipped.sort((a, b) => a.line - b.line)
  return result
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

function collectRow(result: ParsedImport, header: string[], shelf: string, record: string[], line: number): void {
  if (record.length !== header.length) {
    result.skipped.push({ line, reason: `has ${record.length} field${record.length === 1 ? '' : 's'}, the header has ${header.length}` })
    return
  }
  const cell: Cells = (...names) => {
    for (const name of names) {
      const index = header.indexOf(name.toLowerCase())
      if (index >= 0) return unneutralize(record[index]!)
    }
    return ''
  }
  const { format } = result
  const outcome =
    format === 'goodreads' ? goodreadsRow(cell, shelf) : format === 'storygraph' ? storygraphRow(cell, shelf) : plainRow(cell)
  collect(result, line, outcome)
}

function detect(header: string[]): ImportFormat | undefined {
  if (isGoodreadsHeader(header)) return 'goodreads'
  if (isStorygraphHeader(header)) return 'storygraph'
  if (isPlainHeader(header)) return 'csv'
  return undefined
}

function empty(format: ImportFormat): ParsedImport {
  return { format, books: [], skipped: [], warnings: [], otherShelf: 0 }
}

function collect(result: ParsedImport, line: number, outcome: RowOutcome): void {
  if ('otherShelf' in outcome) result.otherShelf += 1
  else if ('skip' in outcome) result.skipped.push({ line, reason: outcome.skip })
  else {
    result.books.push({ line, ...outcome.book })
    if (outcome.warning) result.warnings.push({ line, reason: outcome.warning })
  }
}

/**
 * csv-parse counts the line a record ends on; a record with quoted newlines
 * started earlier. Its raw text also carries the blank lines skipped before it.
 */
function firstLine(lastLine: number, raw: string): number {
  const body = raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '')
  return lastLine - (body.match(/\n/g)?.length ?? 0)
}
