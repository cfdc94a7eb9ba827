import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { describeEachBackend } from '../../helpers/databases.js'
import { ADA, FRED, GIFT_IDEAS, OCTAVIA, jsonOf, withSampleDataAndConfig } from '../fixtures.js'
import { expectNoClaimTrace, ownerCommands } from './leaks.js'

/** On Ada's "Gift ideas" in the sample data. */
const CHICKEN_SOUP = { id: '04856d91-c951-429c-a405-423300faf499', isbn: '9781118891452' }
const NOTES = ['SECRET-NOTE-octavia', 'SECRET-NOTE-fred']

/**
 * A list's owner never sees a claim on it: every command Ada may run, in every output
 * form, after Octavia and Fred claimed books on both her lists. (As her own role on a
 * server, and through PgBouncer: roles.test.ts.)
 */
describeEachBackend('claims never reach the owner of the list', (db) => {
  const { run } = withSampleDataAndConfig(db)
  let dir = ''
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wishlist-leaks-'))
    // Public, not shared by name: then no output of Ada's may name Octavia or Fred.
    for (const list of ['Gift ideas', 'To read']) {
      const shared = await run(['-u', ADA.email, 'lists', 'share', list, '--public'])
      expect(shared.code, shared.stderr).to.equal(0)
    }
    const soup = await run(['-u', OCTAVIA.email, 'claim', CHICKEN_SOUP.isbn, '-l', 'Gift ideas', '--owner', ADA.email, '--note', NOTES[0]!])
    expect(soup.code, soup.stderr).to.equal(0)
    const giftBooks = jsonOf((await run(['-u', FRED.email, 'show', GIFT_IDEAS, '--json'])).stdout).books
    const other = giftBooks.find((book: any) => book.id !== CHICKEN_SOUP.id)
    const byFred = await run(['-u', FRED.email, 'claim', other.id, '-l', GIFT_IDEAS, '--note', NOTES[1]!])
    expect(byFred.code, byFred.stderr).to.equal(0)
    const toRead = jsonOf((await run(['-u', FRED.email, 'show', 'To read', '--owner', ADA.email, '--json'])).stdout).books
    expect((await run(['-u', OCTAVIA.email, 'claim', toRead[0].id, '-l', 'To read', '--owner', ADA.email])).code).to.equal(0)
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('the detector sees the claims where they may be seen (as another viewer)', async () => {
    const shown = await run(['-u', FRED.email, 'show', GIFT_IDEAS])
    expect(shown.stdout).to.include(OCTAVIA.email)
    const json = await run(['-u', FRED.email, 'show', GIFT_IDEAS, '--json'])
    expect(json.stdout).to.include(NOTES[0]).and.to.match(/claim/)
  })

  it('no output of any command run as the owner reveals a claim', async function () {
    this.timeout(120_000)
    const commands = ownerCommands({ list: 'Gift ideas', claimedIsbn: CHICKEN_SOUP.isbn, claimedBookId: CHICKEN_SOUP.id, otherIsbn: '9781611599138', dir })
    for (const command of commands) {
      const result = await run(['-u', ADA.email, ...command.args], command.options)
      await expectNoClaimTrace(command, result, { claimers: [OCTAVIA.email, FRED.email, 'Octavia', 'Fred'], notes: NOTES })
    }
    // The remove above ended Octavia's claim, and she is told.
    const mine = jsonOf((await run(['-u', OCTAVIA.email, 'claims', '--json'])).stdout)
    expect(mine.map((claim: any) => claim.list)).to.include('To read')
  })
})
