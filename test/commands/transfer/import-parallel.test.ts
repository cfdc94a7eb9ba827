import { expect } from 'chai'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary } from '../../helpers/run.js'
import { AS_READER, emptyWithReader } from './helpers.js'

const TITLES = 200
const IMPORTS = 8
const ROUNDS = 3

/**
 * 200 rows without ISBNs: only the title-and-author rule can keep them apart. New
 * titles each round, so that every round races to create them.
 */
const file = (round: number) =>
  ['title,author', ...Array.from({ length: TITLES }, (_, i) => `Round ${round} title ${i},Author ${i % 17}`)].join('\n')

describeEachBackend('parallel imports of one file without ISBNs', (db) => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wishlist-parallel-'))
    for (let round = 1; round <= ROUNDS; round++) await writeFile(join(dir, `round-${round}.csv`), file(round))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it(`never duplicate a book: ${IMPORTS} at once, ${ROUNDS} rounds, every import exits 0`, async function () {
    this.timeout(300_000)
    await emptyWithReader(db())
    for (let round = 1; round <= ROUNDS; round++) {
      // Each import its own list, so every one of them creates or matches every book.
      const results = await Promise.all(
        Array.from({ length: IMPORTS }, (_, i) =>
          runBinary(db(), ['import', join(dir, `round-${round}.csv`), ...AS_READER, '-l', `Round ${round} import ${i}`, '--create', '--json']),
        ),
      )
      for (const result of results) {
        expect(result.code, result.stderr).to.equal(0)
        const summary = JSON.parse(result.stdout)
        expect(summary.books_created + summary.books_matched, result.stdout).to.equal(TITLES)
        expect(summary.entries_added).to.equal(TITLES)
      }
      const created = results.reduce((sum, result) => sum + JSON.parse(result.stdout).books_created, 0)
      expect(created, `round ${round}`).to.equal(TITLES)
      const [{ books }] = await db().knex('books').count('* as books')
      expect(Number(books), `round ${round}`).to.equal(TITLES * round)
    }
  })
})
