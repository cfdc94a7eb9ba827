import Table from 'cli-table3'
import type { IO } from '../io.js'
import { safeText } from './safe-text.js'

export type Cell = string | number | boolean | null | undefined

export interface Column<T> {
  header: string
  /** The value for plain (tab-separated) output: exact, ISO dates, never truncated. */
  plain: (row: T) => Cell
  /** The value for a terminal table, when it should differ (humanised dates, colour). */
  pretty?: (row: T) => string
  /** Share of the spare width this column may take when the table must shrink. */
  flex?: number
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
  const cells = rows.map((row) =>
    columns.map((column) => (column.pretty ? column.pretty(row) : safeText(plainCell(column.plain(row))))),
  )
  const table = new Table({
    head: columns.map((column) => io.color.bold(column.header)),
    colWidths: fitWidths(columns, cells, io.columns),
    wordWrap: false,
    style: { head: [], border: io.colorEnabled ? ['grey'] : [] },
  })
  table.push(...cells)
  io.stdout.write(table.toString() + '\n')
}

export function printJson(io: IO, data: unknown): void {
  io.stdout.write(JSON.stringify(data, null, 2) + '\n')
}

export function plainCell(value: Cell): string {
  if (value === null || value === undefined) return ''
  return String(value)
}

// Each column gets its natural width; when the sum exceeds the terminal, flexible
// columns shrink (cli-table3 then truncates them with an ellipsis).
function fitWidths<T>(columns: Column<T>[], cells: string[][], terminalWidth: number): number[] {
  const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length
  const natural = columns.map(
    (column, index) => Math.max(column.header.length, ...cells.map((row) => visible(row[index]!))) + 2,
  )
  const borders = columns.length + 1
  let excess = natural.reduce((sum, width) => sum + width, 0) + borders - terminalWidth
  if (excess <= 0) return natural
  const totalFlex = columns.reduce((sum, column) => sum + (column.flex ?? 0), 0) || 1
  return natural.map((width, index) => {
    const flex = columns[index]!.flex ?? 0
    if (flex === 0 || excess <= 0) return width
    const shrink = Math.min(width - 8, Math.ceil((excess * flex) / totalFlex))
    return Math.max(8, width - Math.max(0, shrink))
  })
}
