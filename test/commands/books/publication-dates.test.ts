import { expect } from 'chai'
import { parse } from 'csv-parse/sync'
import { migrations } from '../../../migrations/index.js'
import { migrateLatest, migratorConfig } from '../../../src/db/schema.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary } from '../../helpers/run.js'
import { ADA, jsonOf, withSampleDataAndConfig } from '../fixtures.js'

const PRECISION = '20261202000010_publication_date_precision.js'

describeEachBackend('publication dates keep their precision', (db) => {
  const { run } = withSampleDataAndConfig(db)
  const as = ['--user', ADA.email]

  /** Books dated as given, on a new list "Dated", in this order. */
  async function datedList(dates: (string | null)[]): Promise<void> {
    await run(['lists', 'create', 'Dated', ...as])
    for (const [index, date] of dates.entries()) {
      const book = await run(['books', 'add', '--title', `Dated ${index}`, ...(date ? ['--published', date] : []), '--json'])
      expect(book.code, book.stderr).to.equal(0)
      await run(['add', jsonOf(book.stdout).id, '-l', 'Dated', ...as])
    }
  }

  it('takes a year, a month or a day, and gives each back as it was given, in JSON, tables and plain lines', async () => {
    for (const date of ['1999', '1999-06', '1999-06-25']) {
      const result = await run(['books', 'add', '--title', `Book of ${date}`, '--published', date, '--json'])
      expect(result.code, result.stderr).to.equal(0)
      expect(jsonOf(result.stdout).publication_date).to.equal(date)
      const plain = await runBinary(db(), ['books', `book of ${date}`])
      expect(plain.stdout.trim().split('\t').at(-1)).to.equal(date)
      const table = await run(['books', `book of ${date}`], { tty: true })
      expect(table.stdout).to.include(` ${date} `)
      const shown = await run(['books', 'show', `book of ${date}`])
      expect(shown.stdout).to.include(`published\t${date}\n`)
    }
    expect(await db().knex('books').where('title', 'like', 'Book of %').orderBy('title').pluck('publication_date')).to.deep.equal([
      '1999',
      '1999-06',
      '1999-06-25',
    ])
  })

  it('sorts a year and a month as their start: before every day in them', async () => {
    await datedList(['2000', '1999-06-25', null, '1999', '1999-06', '1998-12-31', '1999-06-01'])
    const result = await run(['show', 'Dated', '--sort', 'published', '--json', ...as])
    expect(jsonOf(result.stdout).books.map((book: { publication_date: string | null }) => book.publication_date)).to.deep.equal([
      '1998-12-31', '1999', '1999-06', '1999-06-01', '1999-06-25', '2000', null,
    ])
  })

  it('exports each date as it is (CSV, JSON, the year for Goodreads), and an import reads it back the same', async () => {
    await datedList(['1999', '1999-06', '1999-06-25'])
    const csv: string[][] = parse((await run(['export', 'Dated', ...as])).stdout)
    expect(csv.slice(1).map((row) => row[4])).to.deep.equal(['1999', '1999-06', '1999-06-25'])
    const json = jsonOf((await run(['export', 'Dated', '--format', 'json', ...as])).stdout)
    expect(json.books.map((book: { publication_date: string }) => book.publication_date)).to.deep.equal(['1999', '1999-06', '1999-06-25'])
    const goodreads: string[][] = parse((await run(['export', 'Dated', '--format', 'goodreads', ...as])).stdout)
    const year = goodreads[0]!.indexOf('Year Published')
    expect(goodreads.slice(1).map((row) => row[year])).to.deep.equal(['1999', '1999', '1999'])
    // Into an empty catalogue: the books are created again, with the dates of the file.
    await db().knex('books').where('title', 'like', 'Dated %').del()
    const back = await run(['import', '-', '-l', 'Back', '--create', '--format', 'csv', ...as], { stdin: csv.map((row) => row.join(',')).join('\n') })
    expect(back.code, back.stderr).to.equal(0)
    expect(await db().knex('books').where('title', 'like', 'Dated %').orderBy('title').pluck('publication_date')).to.deep.equal(['1999', '1999-06', '1999-06-25'])
  })

  it('imports a Goodreads year as a year and a written-out date as its day', async () => {
    const file = [
      'Book Id,Title,Author,ISBN,ISBN13,Year Published,Original Publication Year,Date Added,Exclusive Shelf',
      '1,Year Only,Someone,,,1987,1980,2024/01/02,to-read',
      '2,Original Year,Someone,,,,1975,2024/01/02,to-read',
    ].join('\n')
    const result = await run(['import', '-', '-l', 'GR', '--create', ...as, '--json'], { stdin: file })
    expect(result.code, result.stderr).to.equal(0)
    const csv = ['title,publication_date', 'Spelled Out,"May 04, 2021"', 'Month Only,June 2003'].join('\n')
    expect((await run(['import', '-', '-l', 'GR', '--format', 'csv', ...as], { stdin: csv })).code).to.equal(0)
    const dates = Object.fromEntries(
      (await db().knex('books').whereIn('title', ['Year Only', 'Original Year', 'Spelled Out', 'Month Only']).select('title', 'publication_date')).map(
        (row: { title: string; publication_date: string }) => [row.title, row.publication_date],
      ),
    )
    expect(dates).to.deep.equal({ 'Year Only': '1987', 'Original Year': '1975', 'Spelled Out': '2021-05-04', 'Month Only': '2003-06' })
  })

  it('the database refuses anything but a year, a month or a real day', async () => {
    for (const bad of ['1999-13', '2023-02-29', '0000', '1999-6', '99', '1999-06-25T00:00', 'June 1999']) {
      const error = await db().knex('books').insert({ title: 'Bad date', publication_date: bad }).then(() => undefined, (caught: unknown) => caught)
      expect(error, bad).to.have.property('code').that.is.oneOf(['23514', '22008'])
    }
  })

  it('migrates existing dates as full dates, and back to a date column (a year as its 1 January)', async () => {
    const { knex } = db()
    const newer = migrations.slice(migrations.findIndex((migration) => migration.name === PRECISION))
    for (const _ of newer) await knex.migrate.down(migratorConfig)
    const columnType = async () =>
      (await knex.raw(`select data_type from information_schema.columns where table_name = 'books' and column_name = 'publication_date'`)).rows[0].data_type
    expect(await columnType()).to.equal('date')
    await knex('books').insert({ title: 'Old Row', publication_date: '1999-01-01' })
    await knex('books').insert({ title: 'Old Leap Day', publication_date: '0096-02-29' })
    await migrateLatest(knex)
    expect(await columnType()).to.equal('text')
    const date = (title: string) => knex('books').where({ title }).first().then((row) => row.publication_date)
    // A 1 January cannot be told from a year: it stays a day.
    expect(await date('Old Row')).to.equal('1999-01-01')
    expect(await date('Old Leap Day')).to.equal('0096-02-29')
    await knex('books').insert([{ title: 'New Year', publication_date: '2001' }, { title: 'New Month', publication_date: '2001-07' }])
    for (const _ of newer) await knex.migrate.down(migratorConfig)
    expect(await columnType()).to.equal('date')
    expect([await date('New Year'), await date('New Month'), await date('Old Row')]).to.deep.equal(['2001-01-01', '2001-07-01', '1999-01-01'])
    await migrateLatest(knex)
  })
})
