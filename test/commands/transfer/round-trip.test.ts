import { expect } from 'chai'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeEachBackend } from '../../helpers/databases.js'
import { runInProcess } from '../../helpers/run.js'
import { AS_READER, emptyWithReader } from './helpers.js'

const BOOKS = [
  { title: 'Dawn', author: 'Octavia E. Butler', isbn: '9780446603775' },
  { title: 'Kindred', author: 'Octavia E. Butler', isbn: '9780807083697' },
  { title: 'Mama Day', author: 'Gloria Naylor', isbn: null },
  { title: 'Skin Folk', author: 'Nalo Hopkinson', isbn: '9780446678032' },
]

describeEachBackend('wishlist export then import: order, priorities and notes come back', (db) => {
  let dir: string
  beforeEach(async () => {
    await emptyWithReader(db())
    dir = await mkdtemp(join(tmpdir(), 'wishlist-round-trip-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  /** The list as `show --json` gives it: title, place, priority and note of each book, in order. */
  const shown = async (list: string) => {
    const result = await runInProcess(db(), ['show', list, ...AS_READER, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    return JSON.parse(result.stdout).books.map((book: { title: string; position: number; priority: string; note: string | null }) => [book.title, book.position, book.priority, book.note])
  }

  /** A list in an order of its own (not the added order), with priorities and notes. */
  async function makeList(): Promise<void> {
    const ids: string[] = await db().knex('books').insert(BOOKS).returning('id').then((rows) => rows.map((row: { id: string }) => row.id))
    const add = async (id: string, ...extra: string[]) => {
      const result = await runInProcess(db(), ['add', id, '-l', 'Gifts', '--create', ...AS_READER, ...extra])
      expect(result.code, result.stderr).to.equal(0)
    }
    await add(ids[0]!, '--priority', 'high', '--note', 'the hardcover, for Ana')
    await add(ids[1]!)
    await add(ids[2]!, '--priority', 'low', '--note', 'any edition, "quoted", with a comma')
    await add(ids[3]!, '--top')
    const moved = await runInProcess(db(), ['move', ids[1]!, '--to', '2', '-l', 'Gifts', ...AS_READER])
    expect(moved.code, moved.stderr).to.equal(0)
  }

  for (const format of ['csv', 'json', 'goodreads'] as const) {
    it(`${format}: into an empty database, the same list in the same order${format === 'goodreads' ? ' with the same notes (Goodreads has no priority)' : ', with the same priorities and notes'}`, async () => {
      await makeList()
      const before = await shown('Gifts')
      expect(before.map((row: unknown[]) => row[0])).to.deep.equal(['Skin Folk', 'Kindred', 'Dawn', 'Mama Day'])
      const exported = await runInProcess(db(), ['export', 'Gifts', '--format', format, ...AS_READER])
      expect(exported.code, exported.stderr).to.equal(0)
      const file = join(dir, `gifts.${format === 'json' ? 'json' : 'csv'}`)
      await writeFile(file, exported.stdout)

      await db().truncate()
      await emptyWithReader(db())
      const imported = await runInProcess(db(), ['import', file, '-l', 'Gifts', '--create', ...AS_READER, '--json'])
      expect(imported.code, imported.stderr).to.equal(0)
      const after = await shown('Gifts')
      expect(after).to.deep.equal(format === 'goodreads' ? before.map((row: unknown[]) => [row[0], row[1], 'normal', row[3]]) : before)
    })
  }

  it('Goodreads "Bookshelves with positions" orders the shelf (rows without a place after, in file order); "Private Notes" are notes', async () => {
    const csv = [
      'Book Id,Title,Author,ISBN13,Bookshelves,Bookshelves with positions,Exclusive Shelf,Private Notes',
      '1,Dawn,Octavia E. Butler,,to-read,to-read (#3),to-read,',
      '2,Kindred,Octavia E. Butler,,,,to-read,"first edition, please"',
      '3,Wild Seed,Octavia E. Butler,,"to-read, sci-fi","to-read (#1), sci-fi (#2)",to-read,',
      '4,Lilith,Octavia E. Butler,,,,to-read,',
      '5,Fledgling,Octavia E. Butler,,"to-read, sci-fi","to-read (#2), sci-fi (#1)",to-read,',
    ].join('\n')
    const file = join(dir, 'gr.csv')
    await writeFile(file, csv)
    const result = await runInProcess(db(), ['import', file, ...AS_READER, '--shelves', 'all'])
    expect(result.code, result.stderr).to.equal(0)
    expect(await shown('to-read')).to.deep.equal([
      ['Wild Seed', 1, 'normal', null],
      ['Fledgling', 2, 'normal', null],
      ['Dawn', 3, 'normal', null],
      ['Kindred', 4, 'normal', 'first edition, please'],
      ['Lilith', 5, 'normal', null],
    ])
    expect((await shown('sci-fi')).map((row: unknown[]) => row[0])).to.deep.equal(['Fledgling', 'Wild Seed'])
    // Imported again into a list that has books: new ones go after them; those there keep their place.
    const again = await runInProcess(db(), ['import', file, ...AS_READER, '-l', 'to-read', '--json'])
    expect(JSON.parse(again.stdout)).to.include({ entries_added: 0, entries_existing: 5 })
    expect((await shown('to-read')).map((row: unknown[]) => row[0])).to.deep.equal(['Wild Seed', 'Fledgling', 'Dawn', 'Kindred', 'Lilith'])
  })

  it('a sort form from the file ("Author l-f", LibraryThing\'s "Last, First", calibre\'s author_sort) orders show --sort author', async () => {
    const csv = [
      'Book Id,Title,Author,Author l-f,ISBN13,Exclusive Shelf',
      '1,The Left Hand of Darkness,Ursula K. Le Guin,"Le Guin, Ursula K.",,to-read',
      '2,Dune,Frank Herbert,"Herbert, Frank",,to-read',
      '3,Coraline,Neil Gaiman,"Gaiman, Neil",,to-read',
    ].join('\n')
    const file = join(dir, 'gr.csv')
    await writeFile(file, csv)
    expect((await runInProcess(db(), ['import', file, ...AS_READER])).code).to.equal(0)
    expect(await db().knex('books').orderBy('title').pluck('author_sort')).to.deep.equal(['Gaiman, Neil', 'Herbert, Frank', 'Le Guin, Ursula K.'])
    // By the sort form: Gaiman, Herbert, Le Guin (the last word alone, "Guin", would put her second).
    const sorted = await runInProcess(db(), ['show', ...AS_READER, '--sort', 'author', '--json'])
    expect(JSON.parse(sorted.stdout).books.map((book: { title: string }) => book.title)).to.deep.equal(['Coraline', 'Dune', 'The Left Hand of Darkness'])
  })
})
