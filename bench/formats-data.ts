/**
 * 100,000-row files of every import format, for bench/import-formats.ts: the same
 * generated books (valid ISBN-13s, a title and an author each) written as each
 * format writes them, every row on the format's want-to-read shelf.
 */

/** A valid ISBN-13 for book n (978 + 9 digits + check digit). */
export function isbn13(n: number): string {
  const body = `978${String(100_000_000 + n).padStart(9, '0').slice(-9)}`
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (index % 2 ? 3 : 1), 0)
  return `${body}${(10 - (sum % 10)) % 10}`
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)
const line = (cells: string[]) => `${cells.map(csvCell).join(',')}\n`
const title = (n: number) => `Generated Book Number ${n}: A Novel`
const author = (n: number) => `Author ${n % 5000} Writer`

const LT_HEADER =
  'Book Id\tTitle\tSort Character\tPrimary Author\tPrimary Author Role\tSecondary Author\tSecondary Author Roles\tPublication\tDate\tReview\tRating\tComment\tPrivate Comment\tSummary\tMedia\tPhysical Description\tWeight\tHeight\tThickness\tLength\tDimensions\tPage Count\tLCCN\tAcquired\tDate Started\tDate Read\tBarcode\tBCID\tTags\tCollections\tLanguages\tOriginal Languages\tLC Classification\tISBN\tISBNs\tSubjects\tDewey Decimal\tDewey Wording\tOther Call Number\tCopies\tSource\tEntry Date\tFrom Where\tOCLC\tWork id\tLending Patron\tLending Status\tLending Start\tLending End'.split('\t')

/** The file of `rows` rows in `format`, as one string. */
export function formatFile(format: string, rows: number): string {
  const out: string[] = []
  for (let n = 0; n <= rows; n++) {
    const header = n === 0
    const isbn = isbn13(n)
    switch (format) {
      case 'storygraph':
        out.push(header ? 'Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,Tags,Owned?\n' : line([title(n), author(n), '', isbn, 'paperback', 'to-read', '2021/03/14', 'sci-fi, fiction', 'No']))
        break
      case 'librarything': {
        const cells: Record<string, string> = { 'Book Id': String(n), Title: title(n), 'Primary Author': `Writer, Author ${n % 5000}`, Date: '1999', ISBN: `[${isbn}]`, ISBNs: isbn, Collections: 'Wishlist', 'Entry Date': '[2020-01-02]' }
        out.push(`${(header ? LT_HEADER : LT_HEADER.map((name) => cells[name] ?? '')).join('\t')}\n`)
        break
      }
      case 'librarything-json':
        out.push(header ? '{' : `${n > 1 ? ',' : ''}\n"${n}": ${JSON.stringify({ books_id: String(n), title: title(n), primaryauthor: `Writer, Author ${n % 5000}`, date: '1999', isbn: { '0': isbn }, collections: ['Wishlist'], entrydate: '2020-01-02' })}`)
        if (n === rows) out.push('\n}\n')
        break
      case 'bookwyrm':
        out.push(header ? 'title,author_text,remote_id,openlibrary_key,isbn_10,isbn_13,shelf,shelf_name,shelf_date\n' : line([title(n), author(n), `https://example.com/book/${n}`, '', '', isbn, 'to-read', 'To Read', '2020-01-02']))
        break
      case 'openlibrary':
        out.push(
          header
            ? 'Work ID,Title,Authors,First Publish Year,Edition ID,Edition Count,Bookshelf,My Ratings,Ratings Average,Ratings Count,Has Ebook,Subjects,Subject People,Subject Places,Subject Times\n'
            : line([`OL${n}W`, title(n), `${author(n)} | Second ${n % 7}`, '1999', `OL${n}M`, '3', 'Want to Read', '', '4.0', '10', 'false', 'Fiction | Novels', '', '', '']),
        )
        break
      case 'hardcover':
        out.push(header ? 'Title,Author,Series,Lists,Status,Private Notes,Date Added,Release Date,ISBN-10,ISBN-13,ASIN\n' : line([title(n), author(n), 'Series (#1.0)', `Owned, Reading List (#${n})`, 'Want to Read', '', '2020-01-02', '1999-05-26', '', isbn, 'B000000000']))
        break
      case 'calibre':
        out.push(
          header
            ? 'authors,author_sort,rating,library_name,timestamp,formats,size,isbn,identifiers,comments,tags,series,series_index,languages,title,cover,title_sort,publisher,pubdate,id,uuid\n'
            : line([author(n), 'Writer, Author', '', 'Library', '2021-01-19T22:41:16+01:00', 'epub', '1000', isbn, `isbn:${isbn}`, '', '', '', '1.0', 'eng', title(n), '', title(n), 'Pub', '1999-03-05T01:00:00+01:00', String(n), `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`]),
        )
        break
      case 'csv':
        out.push(header ? 'id,title,author,isbn,publication_date,added_at\n' : line(['', title(n), author(n), isbn, '1999-01-01', '2020-01-02T00:00:00.000Z']))
        break
      case 'json':
        out.push(header ? '[' : `${n > 1 ? ',' : ''}\n${JSON.stringify({ title: title(n), author: author(n), isbn, publication_date: '1999-01-01', added_at: '2020-01-02T00:00:00.000Z' })}`)
        if (n === rows) out.push('\n]\n')
        break
      default:
        throw new Error(`no generator for ${format}`)
    }
  }
  return out.join('')
}
