import { parseIsoDate } from '../domain/date.js'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/**
 * Open Library's publish_date is free text ("May 04, 2021", "2014", "June 2003",
 * "2021-05-04"). A full date is stored as YYYY-MM-DD; anything less (a year, a month
 * and year) as the import stores a Goodreads year, YYYY-01-01, until dates keep their
 * precision; text with no year is null.
 */
export function publishDate(text: string): string | null {
  const value = text.trim()
  const iso = parseIsoDate(value)
  if (iso) return iso
  // "May 04, 2021", "May 4 2021", "4 May 2021".
  const monthFirst = /^([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(value)
  const dayFirst = /^(\d{1,2})\s+([A-Za-z]{3,})\.?,?\s+(\d{4})$/.exec(value)
  const parts = monthFirst
    ? { month: monthFirst[1]!, day: monthFirst[2]!, year: monthFirst[3]! }
    : dayFirst
      ? { month: dayFirst[2]!, day: dayFirst[1]!, year: dayFirst[3]! }
      : undefined
  if (parts) {
    const month = MONTHS.indexOf(parts.month.slice(0, 3).toLowerCase()) + 1
    const full =
      month > 0 ? parseIsoDate(`${parts.year}-${String(month).padStart(2, '0')}-${parts.day.padStart(2, '0')}`) : undefined
    if (full) return full
  }
  const year = /(?:^|\D)(\d{4})(?:\D|$)/.exec(value)?.[1]
  return year && year !== '0000' ? `${year}-01-01` : null
}
