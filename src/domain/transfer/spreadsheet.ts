/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return
 * before one) as a formula: "=HYPERLINK(...)" in a title would run on the reader's
 * machine (OWASP "CSV injection"). Exports put an apostrophe in front, which
 * spreadsheets show as text; imports take it off again so a round trip is exact.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function neutralize(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell
}

export function unneutralize(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell
}
