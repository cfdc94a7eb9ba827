import { readPublicationDate } from '../domain/date.js'

/**
 * Open Library's publish_date is free text ("May 04, 2021", "2014", "June 2003",
 * "2021-05-04"). It keeps the precision it has (2021-05-04, 2014, 2003-06: the shared
 * reader in src/domain/date.ts); other text with a year in it ("c1999", a day that
 * does not exist) is that year; text with no year is null.
 */
export function publishDate(text: string): string | null {
  const value = text.trim()
  const read = readPublicationDate(value)
  if (read) return read
  const year = /(?:^|\D)(\d{4})(?:\D|$)/.exec(value)?.[1]
  return year && year !== '0000' ? year : null
}
