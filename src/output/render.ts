import type { IO } from '../io.js'
import { jsonText, safeText } from './safe-text.js'
import { cutToWidth, textWidth } from './width.js'

export type Cell = string | number | boolean | null | undefined

export interface Column<T> {
  header: string
  /** The value for plain (tab-separated) output: exact, ISO dates, never truncated. */
  plain: (row: T) => Cell
  /** The value for a terminal table, when it should differ (humanised dates, colour). */
  pretty?: (row: T) => string
  /** Narrowed first (cut with an ellipsis) when the table is wider than the terminal. */
  flex?: boolean
  /** The narrowest a flexible column gets before others give way (default 8). */
  minWidth?: number
  /**
   * Droppable columns leave before this flexible column is cut below this width
   * (default COMFORTABLE): a list's name keeps its width where an id can go instead.
   */
  comfortable?: number
  /**
   * Left out of a terminal table that is too wide, the lowest number first (plain and
   * JSON output keep it): the least useful columns (ids, then dates) go before any
   * title is cut.
   */
  drop?: number
  /** The same as drop: 0 (kept for columns written before drop existed). */
  optional?: boolean
}

/** A line under a terminal table ("and 51,131 more (--limit)"); never in plain output. */
export interface RecordsOptions {
  footer?: string
}

/**
 * Prints records the way SPEC "Output" says: a table fitted to the terminal when
 * stdout is one, else tab-separated lines with no header, colour or truncation.
 * Linear in the number of rows (cli-table3, the spec's first choice, lays out every
 * cell against every row above it: docs/performance.md, "Tables").
 */
export function printRecords<T>(io: IO, columns: Column<T>[], rows: T[], options: RecordsOptions = {}): void {
  if (!io.stdoutIsTTY) {
    writeChunked(io, rows, (row) => columns.map((column) => safeText(plainCell(column.plain(row)))).join('\t'))
    return
  }
  if (rows.length > 0) {
    for (const line of tableLines(io, columns, rows)) io.stdout.write(line)
  }
  if (options.footer) io.stdout.write(`${io.color.dim(options.footer)}\n`)
}

/** JSON on stdout whatever stdout is, only the --json FIELDS when given; invisible and control characters escaped (jsonText). */
export function printJson(io: IO, data: unknown): void {
  io.stdout.write(jsonText(io.jsonSelect ? io.jsonSelect(data) : data))
}

export function plainCell(value: Cell): string {
  if (value === null || value === undefined) return ''
  return String(value)
}

/** Writes one line per row in chunks: one write per few hundred lines, not per line. */
function writeChunked<T>(io: IO, rows: T[], line: (row: T) => string): void {
  const CHUNK = 500
  for (let start = 0; start < rows.length; start += CHUNK) {
    let text = ''
    for (const row of rows.slice(start, start + CHUNK)) text += `${line(row)}\n`
    io.stdout.write(text)
  }
}

// Headers are usually ours, but `db shell` names its columns after the query's.
const headerText = (column: { header: string }) => safeText(column.header)

/** How wide a title or author may get narrowed before a droppable column goes instead. */
const COMFORTABLE = 20

const dropOrder = (column: Column<unknown>) => column.drop ?? (column.optional ? 0 : undefined)

/** Borders and padding: one space each side of a cell, a bar between and around cells. */
const tableWidth = (widths: number[]) => widths.reduce((sum, width) => sum + width + 3, 0) + 1

/**
 * Which columns a terminal of `terminalWidth` shows and how wide each is (content
 * width, padding excluded). In turn, while the table is too wide:
 *   1. droppable columns leave, lowest `drop` first, while the table does not fit with
 *      its flexible columns at a comfortable width (`comfortable`, or their widest cell);
 *   2. flexible columns (titles, authors, names) shrink, the widest first, to minWidth;
 *   3. any column shrinks, the widest first, down to 3 (a long value in `db shell`).
 * Linear in the number of cells; the loops below depend only on the widths.
 */
export function layout<T>(columns: Column<T>[], natural: number[], terminalWidth: number): { shown: number[]; widths: number[] } {
  let shown = columns.map((_, index) => index)
  const widthsOf = (indexes: number[]) => indexes.map((index) => natural[index]!)
  const comfortable = (indexes: number[]) =>
    indexes.map((index) =>
      columns[index]!.flex ? Math.min(natural[index]!, columns[index]!.comfortable ?? COMFORTABLE) : natural[index]!,
    )
  const droppable = shown
    .filter((index) => dropOrder(columns[index] as Column<unknown>) !== undefined)
    .sort((a, b) => dropOrder(columns[a] as Column<unknown>)! - dropOrder(columns[b] as Column<unknown>)!)
  for (const index of droppable) {
    if (tableWidth(comfortable(shown)) <= terminalWidth || shown.length === 1) break
    shown = shown.filter((other) => other !== index)
  }
  const widths = widthsOf(shown)
  const shrink = (canShrink: (position: number) => boolean, floor: (position: number) => number) => {
    let excess = tableWidth(widths) - terminalWidth
    while (excess > 0) {
      // The widest shrinkable column comes down to the next widest (or its floor, or
      // just enough), so long titles and authors end up sharing the space.
      let widest = -1
      let next = 0
      widths.forEach((width, position) => {
        if (!canShrink(position) || width <= floor(position)) return
        if (widest < 0 || width > widths[widest]!) {
          if (widest >= 0) next = Math.max(next, widths[widest]!)
          widest = position
        } else next = Math.max(next, width)
      })
      if (widest < 0) return
      const step = Math.max(1, Math.min(excess, widths[widest]! - Math.max(next, floor(widest))))
      widths[widest]! -= step
      excess -= step
    }
  }
  const column = (position: number) => columns[shown[position]!]!
  shrink(
    (position) => column(position).flex === true,
    (position) => Math.min(natural[shown[position]!]!, column(position).minWidth ?? 8),
  )
  shrink(() => true, () => 3)
  // Still too wide (dozens of columns from `db shell`): the rightmost go, so no row wraps.
  while (shown.length > 1 && tableWidth(widths) > terminalWidth) {
    shown = shown.slice(0, -1)
    widths.pop()
  }
  return { shown, widths }
}

/** The table as lines (each ending in a newline), a few hundred per string. */
function tableLines<T>(io: IO, columns: Column<T>[], rows: T[]): string[] {
  const headers = columns.map(headerText)
  const natural = headers.map(textWidth)
  const cells: string[][] = new Array(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!
    const line: string[] = new Array(columns.length)
    for (let c = 0; c < columns.length; c++) {
      const column = columns[c]!
      const text = column.pretty ? safeText(column.pretty(row)) : safeText(plainCell(column.plain(row)))
      line[c] = text
      const width = textWidth(text)
      if (width > natural[c]!) natural[c] = width
    }
    cells[r] = line
  }
  const { shown, widths } = layout(columns, natural, io.columns)
  const border = (text: string) => (io.colorEnabled ? io.color.gray(text) : text)
  const rule = (left: string, middle: string, right: string) =>
    border(left + widths.map((width) => '─'.repeat(width + 2)).join(middle) + right) + '\n'
  const bar = border('│')
  const line = (texts: string[], style?: (text: string) => string) => {
    let out = bar
    for (let position = 0; position < shown.length; position++) {
      const width = widths[position]!
      const text = cutToWidth(texts[shown[position]!]!, width)
      const padded = text + ' '.repeat(Math.max(0, width - textWidth(text)))
      out += ` ${style ? style(padded) : padded} ${bar}`
    }
    return out + '\n'
  }
  const lines = [rule('┌', '┬', '┐'), line(headers, (text) => io.color.bold(text)), rule('├', '┼', '┤')]
  const CHUNK = 500
  for (let start = 0; start < cells.length; start += CHUNK) {
    let text = ''
    const end = Math.min(cells.length, start + CHUNK)
    for (let r = start; r < end; r++) text += line(cells[r]!)
    lines.push(text)
  }
  lines.push(rule('└', '┴', '┘'))
  return lines
}
