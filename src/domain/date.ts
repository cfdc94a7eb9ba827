/**
 * A publication date as typed: YYYY-MM-DD naming a real calendar day (no 2023-02-30),
 * returned as given; undefined when it is not one. Pure, so it is checked before any
 * database work and invalid input changes nothing.
 */
export function parseIsoDate(input: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim())
  if (!match) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  // PostgreSQL has no year 0. Counted rather than checked with a Date: an import
  // checks two dates on each of its rows, and this makes no Date object.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined
  return match[0]
}

/** Days in a month of the (proleptic) Gregorian calendar, as Date and PostgreSQL count them. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}
