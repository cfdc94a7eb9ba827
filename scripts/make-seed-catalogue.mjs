// One-off: draws the sample catalogue in seeds/data/catalogue.ts from the real Goodreads
// export in ../shared/fixtures (facts only: title, author, ISBN-13, year).
// The seed file holds the data itself; this script just documents where it came from.
import { readFileSync, writeFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'

const rows = parse(readFileSync('../shared/fixtures/goodreads/goodreads_library_export_2020.csv'), { columns: true })
const unwrap = (s) => s.replace(/^="?|"$/g, '')
const validIsbn13 = (d) => /^97[89]\d{10}$/.test(d) &&
  [...d].reduce((sum, c, i) => sum + Number(c) * (i % 2 ? 3 : 1), 0) % 10 === 0
const seen = new Set()
const books = []
for (const row of rows) {
  const isbn = unwrap(row.ISBN13)
  const year = row['Year Published'] || row['Original Publication Year']
  if (!validIsbn13(isbn) || !/^\d{4}$/.test(year) || seen.has(isbn)) continue
  seen.add(isbn)
  books.push({ title: row.Title.trim(), author: row.Author.trim(), isbn, publication_date: year })
  if (books.length === 150) break
}
const body = books.map((b) => '  ' + JSON.stringify(b) + ',').join('\n')
writeFileSync('seeds/data/catalogue.ts', `// Drawn from a real Goodreads library export (see scripts/make-seed-catalogue.mjs).
// Dates: the export gives only a year, and a year is what is kept ("1999").
export interface CatalogueBook {
  title: string
  author: string
  isbn: string
  publication_date: string
}

export const catalogue: CatalogueBook[] = [
${body}
]
`)
console.log(books.length)
