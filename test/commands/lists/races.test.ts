import { expect } from 'chai'
import { seedSampleData } from '../../../seeds/data/sample-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary } from '../../helpers/run.js'
import { ADA, PYTHON_FOR_DUMMIES } from '../fixtures.js'

/** Rounds per race: enough to land in the window now and then, bounded in time. */
const ROUNDS = 6

/**
 * Two real processes racing on one list. Whichever wins, the loser ends with exit 0
 * or 3 and a one- or two-line message: never raw SQL (the foreign-key text) or a
 * TypeError. test/store/vanished-rows.test.ts hits the window every time.
 */
describeEachBackend('commands racing `lists delete`', (db) => {
  before(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
  })
  const as = ['-u', ADA.email]

  function expectClean(result: { code: number; stderr: string }) {
    expect([0, 3], result.stderr).to.include(result.code)
    expect(result.stderr).to.not.match(/violates|Cannot read|\n\s+at /)
    if (result.code === 3) {
      expect(result.stderr.trim().split('\n').length, result.stderr).to.be.at.most(2)
      expect(result.stderr).to.match(/no longer exists|No list "Race"/)
    }
  }

  for (const [name, racer] of [
    ['add BOOK -l LIST', ['add', PYTHON_FOR_DUMMIES.isbn, '-l', 'Race']],
    ['lists rename LIST NAME', ['lists', 'rename', 'Race', 'Raced']],
  ] as const) {
    it(`${name}: exit 0 or 3 with one line, in ${ROUNDS} rounds`, async function () {
      this.timeout(120_000)
      for (let round = 0; round < ROUNDS; round++) {
        await db().knex('wishlists').where({ user_id: ADA.id }).whereIn('name', ['Race', 'Raced']).del()
        await db().knex('wishlists').insert({ user_id: ADA.id, name: 'Race' })
        const [raced, deleted] = await Promise.all([
          runBinary(db(), [...as, ...racer]),
          runBinary(db(), [...as, 'lists', 'delete', 'Race', '--yes']),
        ])
        expectClean(raced)
        expectClean(deleted)
      }
    })
  }
})
