/**
 * Publication dates keep the precision they were given (ISO 8601): a year "1999", a
 * month "1999-06" or a day "1999-06-25". They are stored, shown, exported and put in
 * JSON in exactly this form; text in it sorts as the dates do, a year or a month
 * before every day in it (migration 20261202000010 checks the same shapes).
 */

/**
 * A publication date as typed (`--published`, a JSON or CSV file): YYYY, YYYY-MM or
 * YYYY-MM-DD, a day naming a real calendar day (no 2023-02-30), returned as given;
 * undefined when it is none of these. Pure, so it is checked before any database
 * work and invalid input changes nothing.
 */
export function parsePublicationDate(input: string): string | undefined {
  const value = input.trim()
  if (value.length === 10) return parseIsoDate(value)
  const match = /^(\d{4})(?:-(\d{2}))?$/.exec(value)
  if (!match) return undefined
  // PostgreSQL has no year 0.
  if (Number(match[1]) < 1) return undefined
  if (match[2] !== undefined && (Number(match[2]) < 1 || Number(match[2]) > 12)) return undefined
  return match[0]
}

/**
 * A full date, YYYY-MM-DD naming a real calendar day, returned as given; undefined
 * when it is not one (a year or a month alone included: timestamps need a day).
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

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december']

/**
 * The one reader of dates written by other programs (import files of every format,
 * an online catalogue), keeping their precision: the ISO forms above, YYYY/MM/DD and
 * YYYY/MM (Goodreads), "May 04, 2021", "May 4 2021", "4 May 2021", "Sept. 12, 1999"
 * (days), "June 2003" (a month). undefined when it is none of these (a day that does
 * not exist included); empty text is the caller's to decide.
 */
export function readPublicationDate(text: string): string | undefined {
  const value = text.trim()
  const iso = parsePublicationDate(value)
  if (iso) return iso
  if (/^\d{4}\/\d{2}(\/\d{2})?$/.test(value)) return parsePublicationDate(value.replaceAll('/', '-'))
  const monthFirst = /^([A-Za-z]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(value)
  const dayFirst = /^(\d{1,2})\s+([A-Za-z]{3,})\.?,?\s+(\d{4})$/.exec(value)
  const monthYear = /^([A-Za-z]{3,})\.?,?\s+(\d{4})$/.exec(value)
  const parts = monthFirst
    ? { month: monthFirst[1]!, day: monthFirst[2], year: monthFirst[3]! }
    : dayFirst
      ? { month: dayFirst[2]!, day: dayFirst[1], year: dayFirst[3]! }
      : monthYear
        ? { month: monthYear[1]!, day: undefined, year: monthYear[2]! }
        : undefined
  if (!parts) return undefined
  const month = monthNumber(parts.month)
  if (month === undefined) return undefined
  const yearMonth = `${parts.year}-${String(month).padStart(2, '0')}`
  return parsePublicationDate(parts.day === undefined ? yearMonth : `${yearMonth}-${parts.day.padStart(2, '0')}`)
}

/** 1-12 for an English month name or its abbreviation ("May", "Sept", "september"). */
function monthNumber(name: string): number | undefined {
  const lower = name.toLowerCase()
  // "Mayday" is not a month; "Sept" and "September" are.
  const index = MONTHS.findIndex((month) => month.startsWith(lower))
  return index < 0 ? undefined : index + 1
}

/** Days in a month of the (proleptic) Gregorian calendar, as Date and PostgreSQL count them. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}
