import { expect } from 'chai'
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { AS_READER, STORYGRAPH, emptyWithReader, listContents } from './helpers.js'

// Titles a spreadsheet would run as formulas, and ordinary text around them.
const RISKY = [
  'title,author,isbn,publication_date',
  '"=HYPERLINK(""http://example.com"",""click"")",Mallory,,',
  '+1 Plus One,@handle,,',
  '-20 Below,"Tab\tAuthor",,1999',
  '@Home,Someone,,',
].join('\n')

describeEachBackend('wishlist export', (db) => {
  beforeEach(async () => {
    await emptyWithReader(db())
    await runInProcess(db(), ['import', STORYGRAPH, ...AS_READER])
    await runInProcess(db(), ['import', '-', ...AS_READER], { stdin: RISKY })
  })

  it('writes CSV with a header, every formula-looking cell neutralised with an apostrophe', async () => {
    const result = await runInProcess(db(), ['export', ...AS_READER])
    expect(result.code, result.stderr).to.equal(0)
    const [header, ...rows]: string[][] = parse(result.stdout)
    expect(header).to.deep.equal(['id', 'title', 'author', 'isbn', 'publication_date', 'added_at', 'position', 'priority', 'note'])
    expect(rows).to.have.length(10)
    const titles = rows.map((row) => row[1])
    expect(titles).to.include.members(['\'=HYPERLINK("http://example.com","click")', "'+1 Plus One", "'-20 Below", "'@Home", 'Dawn'])
    expect(rows.map((row) => row[2])).to.include("'@handle")
    for (const row of rows) for (const cell of row) expect(cell).not.to.match(/^[=+\-@\t\r]/)
  })

  it('writes JSON exactly as `show --json` prints the list', async () => {
    const exported = await runInProcess(db(), ['export', '--format', 'json', ...AS_READER])
    const shown = await runInProcess(db(), ['show', '--json', ...AS_READER])
    expect(exported.code, exported.stderr).to.equal(0)
    expect(JSON.parse(exported.stdout)).to.deep.equal(JSON.parse(shown.stdout))
    expect(JSON.parse(exported.stdout).books).to.have.length(10)
  })

  it('writes a Goodreads file (to-read shelf) that the Goodreads importer reads back', async () => {
    const result = await runInProcess(db(), ['export', '--format', 'goodreads', ...AS_READER])
    const [header, ...rows]: string[][] = parse(result.stdout)
    expect(header).to.include.members(['Title', 'Author', 'ISBN', 'ISBN13', 'Year Published', 'Date Added', 'Bookshelves', 'Exclusive Shelf'])
    const column = (name: string) => rows.map((row) => row[header.indexOf(name)])
    expect(new Set(column('Exclusive Shelf'))).to.deep.equal(new Set(['to-read']))
    const dawn = rows.find((row) => row[header.indexOf('Title')] === 'Dawn')!
    expect(dawn[header.indexOf('ISBN13')]).to.equal('9780446603775')
    expect(dawn[header.indexOf('ISBN')]).to.equal('0446603775')
    expect(dawn[header.indexOf('Date Added')]).to.equal('2021/03/14')
    const back = await runInProcess(db(), ['import', '-', '-l', 'Copy', '--create', ...AS_READER, '--json'], { stdin: result.stdout })
    expect(JSON.parse(back.stdout)).to.include({ books_created: 0, books_matched: 10, entries_added: 10 })
  })

  for (const format of ['csv', 'json', 'goodreads']) {
    it(`round trip: ${format} export, imported into an empty database, gives the same list`, async () => {
      const before = await listContents(db().knex, 'Wishlist')
      const exported = await runBinary(db(), ['export', '--format', format, ...AS_READER])
      expect(exported.code, exported.stderr).to.equal(0)
      await emptyWithReader(db())
      const imported = await runBinary(db(), ['import', '-', ...AS_READER, '--json'], { stdin: exported.stdout })
      expect(imported.code, imported.stderr).to.equal(0)
      const after = await listContents(db().knex, 'Wishlist')
      if (format === 'goodreads') {
        // Goodreads keeps years and days, not exact dates and times.
        const coarse = (rows: typeof before) =>
          rows.map((row) => ({ ...row, publication_date: row.publication_date?.slice(0, 4), added_at: row.added_at.toISOString().slice(0, 10) }))
        expect(coarse(after)).to.deep.equal(coarse(before))
      } else {
        expect(after).to.deep.equal(before)
      }
    })
  }

  it('-o replaces the file whole, through a temporary file that does not stay behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wishlist-export-'))
    const file = join(dir, 'list.csv')
    await writeFile(file, 'old content\n')
    const result = await runInProcess(db(), ['export', '-o', file, ...AS_READER])
    expect(result.code, result.stderr).to.equal(0)
    expect(result.stdout).to.equal('')
    expect(result.stderr).to.include('Exported 10 books')
    expect((await readFile(file, 'utf8')).split('\n')[0]).to.equal('id,title,author,isbn,publication_date,added_at,position,priority,note')
    expect(await readdir(dir)).to.deep.equal(['list.csv'])
    const missingDir = await runInProcess(db(), ['export', '-o', join(dir, 'nope', 'x.csv'), ...AS_READER])
    expect(missingDir.code).to.equal(2)
  })

  it('fails with exit 3 for an unknown list, or a user with none', async () => {
    expect((await runInProcess(db(), ['export', 'Nonexistent', ...AS_READER])).code).to.equal(3)
    await emptyWithReader(db())
    expect((await runInProcess(db(), ['export', ...AS_READER])).code).to.equal(3)
  })
})
