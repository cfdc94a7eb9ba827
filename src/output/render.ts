import Table from 'cli-table3'
import type { IO } from '../io.js'
import { jsonText, safeText } from './safe-text.js'

export type Cell = string | number | boolean | null | undefined

export interface Column<T> {
  header: string
  /** The value for plain (tab-separated) output: exact, ISO dates, never truncated. */
  plain: (row: T) => Cell
  /** The value for a terminal table, when it should differ (humanised dates, colour). */
  pretty?: (row: T) => string
  /** May be narrowed (and truncated) when the table is wider than the terminal. */
  flex?: boolean
  /** Left out of a terminal table that is too wide (plain and JSON output keep it). */
  optional?: boolean
}

/**
 * Prints records the way SPEC "Output" says: a table fitted to the terminal when
 * stdout is one, else tab-separated lines with no header, colour or truncation.
 */
export function printRecords<T>(io: IO, columns: Column<T>[], rows: T[]): void {
  if (!io.stdoutIsTTY) {
    for (const row of rows) {
      io.stdout.write(columns.map((column) => safeText(plainCell(column.plain(row)))).join('\t') + '\n')
    }
    return
  }
  if (rows.length === 0) return
  let shown = columns
  let cells = renderCells(shown, rows)
  // Too wide: first leave out optional columns (long ids), then shrink flexible ones.
  while (tableWidth(naturalWidths(shown, cells)) > io.columns && shown.some((column) => column.optional)) {
    const drop = shown.findIndex((column) => column.optional)
    shown = shown.filter((_, index) => index !== drop)
    cells = cells.map((row) => row.filter((_, index) => index !== drop))
  }
  const table = new Table({
    head: shown.map((column) => io.color.bold(headerText(column))),
    colWidths: fitWidths(shown, cells, io.columns),
    wordWrap: false,
    style: { head: [], border: io.colorEnabled ? ['grey'] : [] },
  })
  table.push(...cells)
  io.stdout.write(table.toString() + '\n')
}

/** JSON on stdout whatever stdout is, only the --json FIELDS when given; invisible and control characters escaped (jsonText). */
export function printJson(io: IO, data: unknown): void {
  io.stdout.write(jsonText(io.jsonSelect ? io.jsonSelect(data) : data))
}

export function plainCell(value: Cell): string {
  if (value === null || value === undefined) return ''
  return String(value)
}

function renderCells<T>(columns: Column<T>[], rows: T[]): string[][] {
  return rows.map((row) =>
    columns.map((column) => (column.pretty ? column.pretty(row) : safeText(plainCell(column.plain(row))))),
  )
}

// Headers are usually ours, but `db shell` names its columns after the query's.
const headerText = (column: { header: string }) => safeText(column.header)

/** Each column's width with its widest cell and one space of padding on each side. */
function naturalWidths<T>(columns: Column<T>[], cells: string[][]): number[] {
  const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length
  return columns.map((column, index) => Math.max(headerText(column).length, ...cells.map((row) => visible(row[index]!))) + 2)
}

const tableWidth = (widths: number[]) => widths.reduce((sum, width) => sum + width, 0) + widths.length + 1

// When the natural widths exceed the terminal, the widest flexible column gives up a
// character at a time, so long titles and authors end up sharing the space (cli-table3
// truncates them with an ellipsis).
function fitWidths<T>(columns: Column<T>[], cells: string[][], terminalWidth: number): number[] {
  const widths = naturalWidths(columns, cells)
  const MIN = 8
  for (let excess = tableWidth(widths) - terminalWidth; excess > 0; excess--) {
    let widest = -1
    widths.forEach((width, index) => {
      if (columns[index]!.flex && width > MIN && (widest < 0 || width > widths[widest]!)) widest = index
    })
    if (widest < 0) break
    widths[widest]!--
  }
  return widths
}
