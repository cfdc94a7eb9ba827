import { expect } from 'chai'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { AS_READER, GOODREADS_2017, GOODREADS_2020, emptyWithReader, itWithShared, snapshot } from './helpers.js'

const LT_HEADER = [
  'Book Id', 'Title', 'Sort Character', 'Primary Author', 'Primary Author Role', 'Secondary Author', 'Secondary Author Roles',
  'Publication', 'Date', 'Review', 'Rating', 'Comment', 'Private Comment', 'Summary', 'Media', 'Physical Description', 'Weight',
  'Height', 'Thickness', 'Length', 'Dimensions', 'Page Count', 'LCCN', 'Acquired', 'Date Started', 'Date Read', 'Barcode', 'BCID',
  'Tags', 'Collections', 'Languages', 'Original Languages', 'LC Classification', 'ISBN', 'ISBNs', 'Subjects', 'Dewey Decimal',
  'Dewey Wording', 'Other Call Number', 'Copies', 'Source', 'Entry Date', 'From Where', 'OCLC', 'Work id', 'Lending Patron',
  'Lending Status', 'Lending Start', 'Lending End',
]

/** A LibraryThing TSV row: the named cells, every other one empty. */
function ltRow(cells: Record<string, string>): string {
  return LT_HEADER.map((name) => cells[name] ?? '').join('\t')
}

const HARDCOVER_HEADER = [
  'Title', 'Author', 'Series', 'Lists', 'Status', 'Rating', 'Review', 'Private Notes', 'Date Added', 'Date Started', 'Date Finished',
  'Read Count', 'Owned', 'Publisher', 'Release Date', 'Format', 'Pages', 'Language', 'ISBN-10', 'ISBN-13', 'ASIN', 'Hardcover Book ID',
  'Hardcover Edition ID', 'Goodreads ID', 'Open Library ID', 'Tags', 'Genres', 'Moods', 'Content Warnings', 'Contributors',
  'Original Title', 'Original Release Date', 'Subtitle', 'Edition Format', 'Audio Seconds', 'Reading Format', 'Slug',
]

const BOOKWYRM_HEADER =
  'title,author_text,remote_id,openlibrary_key,inventaire_id,librarything_key,goodreads_key,bnf_id,viaf,wikidata,asin,aasin,isfdb,isbn_10,isbn_13,oclc_number,start_date,finish_date,stopped_date,rating,review_name,review_cw,review_content,review_published,shelf,shelf_name,shelf_date'

const OPENLIBRARY_HEADER =
  'Work ID,Title,Authors,First Publish Year,Edition ID,Edition Count,Bookshelf,My Ratings,Ratings Average,Ratings Count,Has Ebook,Subjects,Subject People,Subject Places,Subject Times'

const CALIBRE_HEADER =
  'authors,author_sort,rating,library_name,timestamp,formats,size,isbn,identifiers,comments,tags,series,series_index,languages,title,cover,title_sort,publisher,pubdate,id,uuid'

describeEachBackend('wishlist import: other formats, --shelves all, --rejects, matching', (db) => {
  let dir: string
  beforeEach(async () => {
    await emptyWithReader(db())
    dir = await mkdtemp(join(tmpdir(), 'wishlist-formats-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const file = async (name: string, content: string | Buffer) => {
    const path = join(dir, name)
    await writeFile(path, content)
    return path
  }
  const books = () => db().knex('books').orderBy('title').select('title', 'author', 'isbn', 'publication_date')
  const listNames = async () => (await db().knex('wishlists').orderBy('name').pluck('name')) as string[]
  const entriesOf = async (name: string) =>
    (await db()
      .knex('wishlist_entries as e')
      .join('wishlists as w', 'w.id', 'e.wishlist_id')
      .join('books as b', 'b.id', 'e.book_id')
      .where('w.name', name)
      .orderBy('b.title')
      .pluck('b.title')) as string[]

  it('LibraryThing TSV in ISO-8859-1: brackets, an ISBNs list, "Last, First", quotes as text, Collections as lists', async () => {
    const text = [
      LT_HEADER.join('\t'),
      ltRow({ 'Book Id': '1', Title: 'Marelle "Rayuela"', 'Primary Author': 'Cortázar, Julio', Date: '1979', ISBN: '[2070291340]', ISBNs: '2070291340, 9782070291342', Collections: 'Wishlist, Favorites', 'Entry Date': '[2006-08-09]' }),
      ltRow({ 'Book Id': '2', Title: 'Le Maître et Marguerite', 'Primary Author': 'Boulgakov, Mikhaïl', Collections: 'Your library' }),
      ltRow({ 'Book Id': '3', Title: '', 'Primary Author': 'Nobody', Collections: 'Wishlist' }),
    ].join('\n')
    const path = await file('lt.tsv', Buffer.from(`${text}\n`, 'latin1'))
    const result = await runInProcess(db(), ['import', path, ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const summary = JSON.parse(result.stdout)
    expect(summary).to.include({ format: 'librarything', books_created: 1, other_shelves: 1 })
    expect(summary.skipped).to.deep.equal([{ line: 4, reason: 'no title' }])
    expect(await books()).to.deep.equal([{ title: 'Marelle "Rayuela"', author: 'Julio Cortázar', isbn: '9782070291342', publication_date: '1979' }])
    const all = await runInProcess(db(), ['import', path, ...AS_READER, '--shelves', 'all', '--json'])
    expect(JSON.parse(all.stdout).lists.map((list: { name: string; books: number }) => [list.name, list.books])).to.deep.equal([
      ['Wishlist', 1],
      ['Favorites', 1],
      ['Your library', 1],
    ])
    expect(await entriesOf('Your library')).to.deep.equal(['Le Maître et Marguerite'])
  })

  it('LibraryThing JSON: books keyed by id, "isbn" an array or an object, collections an array', async () => {
    const json = {
      '101': { books_id: '101', title: 'The Hobbit', primaryauthor: 'Tolkien, J.R.R.', date: '1937', isbn: ['0618260307'], collections: ['Wishlist'] },
      '102': { books_id: '102', title: 'Dune', primaryauthor: 'Herbert, Frank', isbn: { '0': '0441013597', '2': '9780441013593' }, collections: ['Wishlist', 'Sci-fi'] },
      '103': { books_id: '103', title: 'Read already', primaryauthor: 'Someone', collections: ['Your library'] },
    }
    const path = await file('lt.json', JSON.stringify(json))
    const result = await runInProcess(db(), ['import', path, ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.include({ format: 'librarything-json', books_created: 2, other_shelves: 1 })
    expect(await books()).to.deep.equal([
      { title: 'Dune', author: 'Frank Herbert', isbn: '9780441013593', publication_date: null },
      { title: 'The Hobbit', author: 'J.R.R. Tolkien', isbn: '9780618260300', publication_date: '1937' },
    ])
  })

  it('BookWyrm CSV: ISBN-13 then ISBN-10, shelf names as lists (--shelf by id or name)', async () => {
    const csv = [
      BOOKWYRM_HEADER,
      'Gideon the Ninth (The Locked Tomb #1),Tamsyn Muir,https://example.com/book2,,,,,,,,,,,1250313198,9781250313195,,,,,,,,,,to-read,To Read,2020-10-21',
      'Subcutanean,Aaron A. Reed,https://example.com/book3,,,,,,,,,,,,,,,,,,,,,,read,Read,2020-03-05',
      'Patisserie at Home,Mélanie Dupuis,https://example.com/book4,,,,,,,,,,,0062445316,,,,,,,,,,,cooking,Cooking,2019-07-08',
    ].join('\n')
    const path = await file('bookwyrm.csv', csv)
    const result = await runInProcess(db(), ['import', path, ...AS_READER, '--json'])
    expect(JSON.parse(result.stdout)).to.include({ format: 'bookwyrm', books_created: 1, other_shelves: 2 })
    const all = await runInProcess(db(), ['import', path, ...AS_READER, '--shelves', 'all', '--map', 'to-read=Wishlist', '--json'])
    expect(all.code, all.stderr).to.equal(0)
    expect(await listNames()).to.deep.equal(['Cooking', 'Read', 'Wishlist'])
    expect((await books()).find((book) => book.title.startsWith('Patisserie'))).to.include({ isbn: '9780062445315' })
  })

  it('Open Library reading log: authors joined by " | ", no ISBN, Bookshelf "Want to Read"', async () => {
    const csv = [
      OPENLIBRARY_HEADER,
      'OL102749W,Good Omens,Terry Pratchett | Neil Gaiman,1990,OL7798182M,120,Want to Read,,4.1,300,true,Fantasy,,,',
      'OL361393W,Kindred,Octavia E. Butler,1979,,80,Already Read,5,4.3,200,false,,,,',
    ].join('\n')
    const path = await file('OpenLibrary_ReadingLog.csv', csv)
    const result = await runInProcess(db(), ['import', path, ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.include({ format: 'openlibrary', books_created: 1, other_shelves: 1 })
    expect(await books()).to.deep.equal([{ title: 'Good Omens', author: 'Terry Pratchett, Neil Gaiman', isbn: null, publication_date: '1990' }])
  })

  it('Hardcover: Status and Lists as lists, a list position, an ASIN that is not an ISBN, a quoted header', async () => {
    const header = HARDCOVER_HEADER.map((name) => `"${name}"`).join(',')
    const row = (cells: Record<string, string>) => HARDCOVER_HEADER.map((name) => JSON.stringify(cells[name] ?? '')).join(',')
    const csv = [
      header,
      row({ Title: 'Hyperion', Author: 'Dan Simmons', Series: 'Hyperion Cantos (#1.0)', Lists: 'Owned, Reading List (#19)', Status: 'Want to Read', 'ISBN-13': '9780553283686', ASIN: 'B000FC0SIM', 'Release Date': '1989-05-26' }),
      row({ Title: 'Kindle only', Author: 'Someone', Status: 'Want to Read', ASIN: 'B00ABCDEFG' }),
      row({ Title: 'Finished', Author: 'Someone', Status: 'Read', Lists: 'Owned' }),
    ].join('\n')
    const path = await file('hardcover.csv', csv)
    const result = await runInProcess(db(), ['import', path, ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const summary = JSON.parse(result.stdout)
    expect(summary).to.include({ format: 'hardcover', books_created: 2, other_shelves: 1 })
    expect(summary.warnings).to.deep.equal([])
    expect((await books())[0]).to.include({ title: 'Hyperion', isbn: '9780553283686', publication_date: '1989-05-26' })
    const all = await runInProcess(db(), ['import', path, ...AS_READER, '--shelves', 'all', '--dry-run', '--json'])
    expect(JSON.parse(all.stdout).lists.map((list: { name: string; books: number; created: boolean }) => [list.name, list.books, list.created])).to.deep.equal([
      ['Want to Read', 2, true],
      ['Owned', 2, true],
      ['Reading List', 1, true],
      ['Read', 1, true],
    ])
    // A dry run makes nothing.
    expect(await listNames()).to.deep.equal(['Wishlist'])
  })

  it('calibre catalog: identifiers "isbn:...", authors joined by " & ", calibre\'s unknown date; no shelves', async () => {
    const csv = [
      CALIBRE_HEADER,
      '"Seanan McGuire","McGuire, Seanan","5","Bücher","2021-01-19T22:41:16+01:00","epub","1433809","","goodreads:39077187,isbn:9780756411800","x","Fantasy","InCryptid","8.0","eng","That Ain\'t Witchcraft","","That Ain\'t Witchcraft","Daw Books","2019-03-05T01:00:00+01:00","864","3051ed45-8943-4900-a22a-d2704e3583df"',
      '"Terry Pratchett & Neil Gaiman","Pratchett, Terry","","Bücher","2021-01-19T22:41:16+01:00","epub","1","","","","","","1.0","eng","Good Omens","","Good Omens","","0101-01-01T00:00:00+00:00","865","3051ed45-8943-4900-a22a-d2704e3583e0"',
    ].join('\n')
    const path = await file('calibre.csv', csv)
    const result = await runInProcess(db(), ['import', path, ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(await books()).to.deep.equal([
      { title: 'Good Omens', author: 'Terry Pratchett, Neil Gaiman', isbn: null, publication_date: null },
      { title: "That Ain't Witchcraft", author: 'Seanan McGuire', isbn: '9780756411800', publication_date: '2019-03-05' },
    ])
    const shelf = await runInProcess(db(), ['import', path, ...AS_READER, '--shelf', 'x'])
    expect(shelf.code).to.equal(2)
    expect(shelf.stderr).to.include('--shelf applies to files with shelves; a calibre file has none.')
  })

  it('StoryGraph, current and old headers: Tags as lists with --shelves all, an ASIN in ISBN/UID ignored', async () => {
    const current = ['Title,Authors,Contributors,ISBN/UID,Format,Read Status,Date Added,Tags', 'Dawn,Octavia E. Butler,,B0031W1E86,digital,to-read,2021/03/14,"afrofuturism, sci-fi"'].join('\n')
    const old = ['Title,Author,ISBN,Read Status,Date Added', 'Kindred,Octavia E. Butler,0807083690,to-read,2021/03/14'].join('\n')
    const first = await runInProcess(db(), ['import', await file('sg.csv', current), ...AS_READER, '--shelves', 'all', '--json'])
    expect(first.code, first.stderr).to.equal(0)
    expect(JSON.parse(first.stdout)).to.include({ format: 'storygraph' }).and.deep.include({ warnings: [] })
    expect(await listNames()).to.deep.equal(['afrofuturism', 'sci-fi', 'to-read'])
    const second = await runInProcess(db(), ['import', await file('sg-old.csv', old), ...AS_READER, '--json'])
    expect(JSON.parse(second.stdout)).to.include({ format: 'storygraph', books_created: 1 })
    expect((await books()).map((book) => book.isbn)).to.deep.equal([null, '9780807083697'])
  })

  it('Goodreads 2022-2026 headers (24 columns, and 23 without "Average Rating"), names matched not positions', async () => {
    const names24 = [
      'Book Id', 'Title', 'Author', 'Author l-f', 'Additional Authors', 'ISBN', 'ISBN13', 'My Rating', 'Average Rating', 'Publisher',
      'Binding', 'Number of Pages', 'Year Published', 'Original Publication Year', 'Date Read', 'Date Added', 'Bookshelves',
      'Bookshelves with positions', 'Exclusive Shelf', 'My Review', 'Spoiler', 'Private Notes', 'Read Count', 'Owned Copies',
    ]
    const names23 = names24.filter((name) => name !== 'Average Rating')
    const row = (names: string[], cells: Record<string, string>) => names.map((name) => `"${(cells[name] ?? '').replace(/"/g, '""')}"`).join(',')
    const dawn = { 'Book Id': '1', Title: 'Dawn', Author: 'Octavia E. Butler', ISBN13: '="9780446603775"', 'Average Rating': '4.1', 'Year Published': '1987', 'Exclusive Shelf': 'to-read', Bookshelves: 'to-read', 'Bookshelves with positions': 'to-read (#2)' }
    const kindred = { 'Book Id': '2', Title: 'Kindred', Author: 'Octavia E. Butler', ISBN: '="0807083690"', 'Exclusive Shelf': 'to-read', 'Private Notes': 'the 1979 edition' }
    expect(names24).to.have.length(24)
    for (const names of [names24, names23]) {
      await db().truncate()
      await emptyWithReader(db())
      const csv = [names.map((name) => `"${name}"`).join(','), row(names, dawn), row(names, kindred)].join('\r\n')
      const result = await runInProcess(db(), ['import', await file(`gr${names.length}.csv`, csv), ...AS_READER, '--json'])
      expect(result.code, result.stderr).to.equal(0)
      expect(JSON.parse(result.stdout)).to.include({ format: 'goodreads', books_created: 2 })
      expect(await books()).to.deep.equal([
        { title: 'Dawn', author: 'Octavia E. Butler', isbn: '9780446603775', publication_date: '1987' },
        { title: 'Kindred', author: 'Octavia E. Butler', isbn: '9780807083697', publication_date: null },
      ])
    }
  })

  it('Goodreads --shelves all: every shelf its list, --map merges two shelves into one, the summary names each', async () => {
    const csv = [
      'Book Id,Title,Author,ISBN13,Bookshelves,Bookshelves with positions,Exclusive Shelf',
      '1,Dawn,Octavia E. Butler,,"favourites, sci-fi","favourites (#2), sci-fi (#1)",read',
      '2,Kindred,Octavia E. Butler,,,,to-read',
      '3,Wild Seed,Octavia E. Butler,,sci-fi,sci-fi (#2),currently-reading',
    ].join('\n')
    const path = await file('gr.csv', csv)
    const result = await runInProcess(db(), ['import', path, ...AS_READER, '--shelves', 'all', '--map', 'favourites=Best', '--map', 'SCI-FI=Best'])
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stderr).to.include('into 4 lists')
    expect(result.stderr).to.include('"Best" (created): 2 books, 2 added')
    expect(await listNames()).to.deep.equal(['Best', 'currently-reading', 'read', 'to-read'])
    expect(await entriesOf('Best')).to.deep.equal(['Dawn', 'Wild Seed'])
    const bad = await runInProcess(db(), ['import', path, ...AS_READER, '--shelves', 'all', '--map', 'nolist'])
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.include('--map "nolist" is not SHELF=LIST.')
    const both = await runInProcess(db(), ['import', path, ...AS_READER, '--shelves', 'all', '--shelf', 'read'])
    expect(both.code).to.equal(2)
  })

  it('--rejects writes the rows left out in the input\'s format with a reason column, and the summary names it', async () => {
    const csv = ['Book Id,Title,Author,ISBN13,Exclusive Shelf', '1,Dawn,Octavia E. Butler,,to-read', '2,,Nobody,,to-read', '3,"Kindred, a novel",x,,to-read,extra', '4,Lilith,y,,read'].join('\n')
    const path = await file('gr.csv', csv)
    const out = join(dir, 'rejects.csv')
    const result = await runInProcess(db(), ['import', path, ...AS_READER, '--rejects', out])
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stderr).to.include(`2 rows not imported written to ${out}, with the reason of each.`)
    expect(await readFile(out, 'utf8')).to.equal(
      'Book Id,Title,Author,ISBN13,Exclusive Shelf,reason\n2,,Nobody,,to-read,no title\n3,"Kindred, a novel",x,,to-read,extra,"has 6 fields, the header has 5"\n',
    )
    // Fixed, the rejects import again (the reason column is one more column, ignored).
    const json = [{ title: 'Dawn' }, 42, { title: '' }]
    const jsonOut = join(dir, 'rejects.json')
    await runInProcess(db(), ['import', await file('in.json', JSON.stringify(json)), ...AS_READER, '--rejects', jsonOut])
    expect(JSON.parse(await readFile(jsonOut, 'utf8'))).to.deep.equal([
      { value: 42, reason: 'not a book object' },
      { title: '', reason: 'no title' },
    ])
    const missing = await runInProcess(db(), ['import', path, ...AS_READER, '--rejects', join(dir, 'no', 'such', 'r.csv')])
    expect(missing.code).to.equal(2)
    expect(missing.stderr).to.include('does not exist')
  })

  it('matching: an ISBN row takes only its ISBN (ISBN-10 = ISBN-13), never a book by title; rows without one match loosely', async () => {
    const { knex } = db()
    await knex('books').insert([
      { title: 'Dune', author: 'Frank Herbert', isbn: '9780441013593' },
      { title: 'Rayuela', author: 'Julio Cortázar' },
      { title: 'Gideon the Ninth (The Locked Tomb #1)', author: 'Tamsyn Muir', isbn: '9781250313195' },
    ])
    const csv = [
      'title,author,isbn',
      'Dune,Frank Herbert,0441013597', // the same ISBN as ISBN-10
      'Dune,Frank Herbert,9780340960196', // another edition: a new book, never the Dune above
      'RAYUELA,Julio Cortazar,', // accents and case
      'Gideon the Ninth,Tamsyn Muir,', // the series dropped
    ].join('\n')
    const result = await runInProcess(db(), ['import', await file('m.csv', csv), ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.include({ books_created: 1, books_matched: 3, entries_added: 4 })
    expect(await knex('books').where({ title: 'Dune' }).orderBy('isbn').pluck('isbn')).to.deep.equal(['9780340960196', '9780441013593'])
  })

  it('spreadsheet-mangled ISBNs: named by line, never stored as numbers; a lost leading zero is put back', async () => {
    const csv = ['title,author,isbn', 'Dawn,Octavia E. Butler,9.78045E+12', 'How to Be an Antiracist,Ibram X. Kendi,525509283', 'Kindred,Octavia E. Butler,9780807083697.0'].join('\n')
    const result = await runInProcess(db(), ['import', await file('x.csv', csv), ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout).warnings).to.deep.equal([
      { line: 2, reason: 'ISBN "9.78045E+12" was turned into a number by a spreadsheet (scientific notation: its digits are lost); imported without it' },
      { line: 3, reason: 'ISBN "525509283" lost its leading zero (a spreadsheet read it as a number); taken as 0525509283' },
      { line: 4, reason: 'ISBN "9780807083697.0" was written as a decimal number by a spreadsheet; taken as 9780807083697' },
    ])
    expect((await books()).map((book) => book.isbn)).to.deep.equal([null, '9780525509288', '9780807083697'])
  })

  it('a ZIP (a Goodreads data-request archive, or any other): exit 2 naming the file to export, nothing written', async () => {
    const before = await snapshot(db().knex)
    const zip = (name: string) => {
      const header = Buffer.alloc(30)
      header.writeUInt32LE(0x04034b50, 0)
      header.writeUInt16LE(Buffer.byteLength(name), 26)
      return Buffer.concat([header, Buffer.from(name), Buffer.alloc(10)])
    }
    const archive = await runBinary(db(), ['import', await file('data.zip', zip('book_reviews.json')), ...AS_READER])
    expect(archive.code).to.equal(2)
    expect(archive.stderr).to.include('is a ZIP archive of JSON files (book_reviews.json)')
    expect(archive.stderr).to.include('Export Library gives goodreads_library_export.csv')
    const other = await runInProcess(db(), ['import', await file('other.zip', zip('books.csv')), ...AS_READER])
    expect(other.code).to.equal(2)
    expect(other.stderr).to.include('is a ZIP archive (books.csv)')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })

  it('repairs mojibake (UTF-8 read as Latin-1) in titles and authors', async () => {
    const csv = 'title,author\nLe MaÃ®tre et Marguerite,MikhaÃ¯l Boulgakov\n'
    await runInProcess(db(), ['import', await file('m.csv', csv), ...AS_READER])
    expect(await books()).to.deep.equal([{ title: 'Le Maître et Marguerite', author: 'Mikhaïl Boulgakov', isbn: null, publication_date: null }])
  })

  for (const [name, path] of [['2017', GOODREADS_2017], ['2020', GOODREADS_2020]] as const) {
    itWithShared(`the real ${name} Goodreads export, --shelves all --dry-run: one list per shelf with its count`, async () => {
      const result = await runInProcess(db(), ['import', path, ...AS_READER, '--shelves', 'all', '--dry-run', '--json'])
      expect(result.code, result.stderr).to.equal(0)
      const lists = JSON.parse(result.stdout).lists as { name: string; books: number }[]
      console.log(`      ${name}: ${lists.map((list) => `${list.name} (${list.books})`).join(', ')}`)
      expect(lists.map((list) => list.name)).to.include.members(['read', 'to-read'])
      expect(await listNames()).to.deep.equal([])
    })
  }
})
