/**
 * A publication date as typed: YYYY-MM-DD naming a real calendar day (no 2023-02-30),
 * returned as given; undefined when it is not one. Pure, so it is checked before any
 * database work and invalid input changes nothing.
 */
export function parseIsoDate(input: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.trim())
  if (!match) return undefined
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number]
  // PostgreSQL has no year 0; setUTCFullYear avoids Date's 0-99 => 1900s mapping.
  if (year < 1) return undefined
  const date = new Date(0)
  date.setUTCFullYear(year, month - 1, day)
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  return real ? match[0] : undefined
}
