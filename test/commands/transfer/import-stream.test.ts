import { expect } from 'chai'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { STAGE_BATCH } from '../../../src/store/imports.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { AS_READER, emptyWithReader, snapshot } from './helpers.js'

const ROWS = 1_300

/**
 * A plain CSV bigger than several staging batches and several reads, written with
 * what the import must say about it, line by line. Every 7th title is quoted and
 * runs over three lines (\n and \r\n inside the quotes), so a record's first line
 * and the count of records part ways early and often; the books either side of the
 * first batch boundary both have such titles. Every 50th row has an impossible date
 * (a warning), every 211th an extra field (skipped), every 97th repeats the book of
 * 50 rows before (skipped as the same book).
 */
function generatedCsv() {
  const text = ['title,author,isbn,publication_date\n']
  let line = 2
  const titles: string[] = []
  const lines: number[] = []
  const extraFields = new Set<number>()
  const warnings: { line: number; reason: string }[] = []
  const skipped: { line: number; reason: string }[] = []
  let books = 0
  for (let i = 0; i < ROWS; i++) {
    const multiline = i % 7 === 3 || i === STAGE_BATCH - 1
    let title = multiline ? `"Streamed book ${i},\nits subtitle\r\nand more"` : `Streamed book ${i}`
    const extraField = i % 211 === 210
    if (i % 97 === 96 && !extraFields.has(i - 50)) {
      title = titles[i - 50]!
      skipped.push({ line, reason: `same book as line ${lines[i - 50]}` })
    } else if (extraField) {
      extraFields.add(i)
      skipped.push({ line, reason: 'has 5 fields, the header has 4' })
    } else {
      books += 1
    }
    const date = i % 50 === 0 ? '2020-02-30' : '1999'
    if (i % 50 === 0 && !extraField) {
      warnings.push({ line, reason: 'publication date "2020-02-30" is not a date (YYYY, YYYY-MM or YYYY-MM-DD); imported without it' })
    }
    titles.push(title)
    lines.push(line)
    text.push(`${title},Stream Author,,${date}${extraField ? ',extra' : ''}\n`)
    line += 1 + (title.match(/\n/g)?.length ?? 0)
  }
  return { text: text.join(''), books, warnings, skipped }
}

describeEachBackend('wishlist import of a file read in pieces', (db) => {
  let dir: string
  const expected = generatedCsv()
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wishlist-stream-'))
    await writeFile(join(dir, 'big.csv'), expected.text)
  })
  after(() => rm(dir, { recursive: true, force: true }))
  beforeEach(async () => {
    await emptyWithReader(db())
  })

  it('keeps the line each record starts on across reads and staging batches, records with quoted newlines included', async () => {
    expect(expected.text.length).to.be.greaterThan(3 * 16 * 1024)
    expect(expected.books).to.be.greaterThan(2 * STAGE_BATCH)
    const result = await runInProcess(db(), ['import', join(dir, 'big.csv'), ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    const summary = JSON.parse(result.stdout)
    expect(summary).to.include({ books_created: expected.books, books_matched: 0, entries_added: expected.books })
    expect(summary.warnings).to.deep.equal(expected.warnings)
    expect(summary.skipped).to.deep.equal(expected.skipped)
    const title = await db().knex('books').where('title', 'like', `Streamed book ${STAGE_BATCH - 1},%`).pluck('title')
    expect(title).to.deep.equal([`Streamed book ${STAGE_BATCH - 1}, its subtitle and more`])
  })

  it('reads standard input through a pipe the same way as the file', async () => {
    const before = await snapshot(db().knex)
    const piped = await runBinary(db(), ['import', '-', ...AS_READER, '--json', '--dry-run'], { stdin: expected.text })
    expect(piped.code, piped.stderr).to.equal(0)
    expect(await snapshot(db().knex)).to.deep.equal(before)
    const file = await runInProcess(db(), ['import', join(dir, 'big.csv'), ...AS_READER, '--json'])
    const { wishlist_id: _piped, dry_run: dryRun, ...fromPipe } = JSON.parse(piped.stdout)
    const { wishlist_id: _file, dry_run: _, ...fromFile } = JSON.parse(file.stdout)
    expect(dryRun).to.equal(true)
    expect(fromPipe).to.deep.equal(fromFile)
  })

  it('imports nothing from a file with only a header, and says so', async () => {
    await writeFile(join(dir, 'header.csv'), 'title,author,isbn\n')
    const result = await runInProcess(db(), ['import', join(dir, 'header.csv'), ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.deep.include({
      books_created: 0,
      books_matched: 0,
      entries_added: 0,
      entries_existing: 0,
      skipped: [],
      warnings: [],
      other_shelves: 0,
    })
    const text = await runInProcess(db(), ['import', join(dir, 'header.csv'), ...AS_READER])
    expect(text.stderr).to.include('(csv, 0 rows)')
  })

  it('fails with exit 2 before writing anything when the header is bad, however long the file', async () => {
    const before = await snapshot(db().knex)
    await writeFile(join(dir, 'no-header.csv'), `name;colour\n${'Dune;red\n'.repeat(20_000)}`)
    const result = await runInProcess(db(), ['import', join(dir, 'no-header.csv'), ...AS_READER])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.include('Cannot tell the format')
    const directory = await runInProcess(db(), ['import', dir, ...AS_READER])
    expect(directory.code).to.equal(2)
    expect(directory.stderr).to.include('is a directory')
    expect(await snapshot(db().knex)).to.deep.equal(before)
  })
})
