import { stringify } from 'csv-stringify/sync'

/** The header of a 2020 Goodreads "Export Library" file (31 columns). */
export const GOODREADS_2020_HEADER = [
  'Book Id', 'Title', 'Author', 'Author l-f', 'Additional Authors', 'ISBN', 'ISBN13', 'My Rating',
  'Average Rating', 'Publisher', 'Binding', 'Number of Pages', 'Year Published', 'Original Publication Year',
  'Date Read', 'Date Added', 'Bookshelves', 'Bookshelves with positions', 'Exclusive Shelf', 'My Review',
  'Spoiler', 'Private Notes', 'Read Count', 'Recommended For', 'Recommended By', 'Owned Copies',
  'Original Purchase Date', 'Original Purchase Location', 'Condition', 'Condition Description', 'BCID',
]

/** A valid ISBN-13 (978 prefix, correct check digit) made from a number. */
export function generatedIsbn13(n: number): string {
  const body = `978${String(n).padStart(9, '0')}`
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (index % 2 ? 3 : 1), 0)
  return `${body}${(10 - (sum % 10)) % 10}`
}

/**
 * A Goodreads export of `count` distinct to-read books, written the way Goodreads
 * writes them (="..." ISBNs, YYYY/MM/DD dates, quoted shelves), for the import
 * benchmark and the interrupted-import test. Deterministic.
 */
export function goodreadsCsv(count: number, offset = 0): string {
  const rows = [GOODREADS_2020_HEADER]
  for (let i = offset; i < offset + count; i++) {
    const isbn13 = generatedIsbn13(100_000_000 + i)
    const year = String(1950 + (i % 70))
    const author = `Author ${i % 7919}`
    rows.push([
      String(10_000_000 + i), `Generated Book ${i}, a "Novel" (Series, #${i % 12})`, author,
      `${i % 7919}, Author`, i % 5 === 0 ? 'Second Author' : '', `=""`, `="${isbn13}"`, '0', '3.90',
      'Bench Press', 'Paperback', '320', year, year, '', `2020/0${1 + (i % 9)}/1${i % 10}`,
      'to-read, generated', 'to-read (#1), generated (#2)', 'to-read', '', '', '', '0', '', '', '0', '', '', '', '', '',
    ])
  }
  return stringify(rows)
}
