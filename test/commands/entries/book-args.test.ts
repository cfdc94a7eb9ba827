import { expect } from 'chai'
import { snapshot as everything } from '../fixtures.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { ADA_EMAIL, elsewhere, listBookIsbns, seeded, TO_READ } from './fixtures.js'

// BOOK arguments the database cannot take, or that only look like ISBNs.
describeEachBackend('wishlist add: BOOKs that are not what they look like', (db) => {
  beforeEach(() => seeded(db()))
  const ada = ['--user', ADA_EMAIL]

  it('refuses 12 digits (not an ISBN) with exit 2, instead of adding the book whose ISBN they start', async () => {
    // The sample catalogue's Afterland is 9780316267830.
    const before = await everything(db().knex)
    const result = await runBinary(db(), ['add', '978031626783', ...ada])
    expect(result.code, result.stderr).to.equal(2)
    expect(result.stderr).to.match(/"978031626783" is not an ISBN: it has 12 digits/)
    expect(result.stderr.trim().split('\n')).to.have.length.at.most(2)
    expect(await everything(db().knex)).to.deep.equal(before)
  })

  it('reads stdin lines ending in a bare CR as separate BOOKs', async () => {
    const stdin = `${elsewhere[0]!.isbn}\r${elsewhere[1]!.isbn}\r${elsewhere[2]!.isbn}\r\n${elsewhere[3]!.isbn}\n`
    const result = await runBinary(db(), ['add', '-', ...ada, '--json'], { stdin })
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.have.length(4)
    expect(await listBookIsbns(db().knex, TO_READ)).to.include.members(elsewhere.slice(0, 4).map((book) => book.isbn))
  })

  it('refuses a NUL on stdin, a lone surrogate and an overlong BOOK with exit 2, not SQL', async () => {
    const before = await everything(db().knex)
    const nul = await runBinary(db(), ['add', '-', ...ada], { stdin: `${elsewhere[0]!.isbn}\nKin\0dred\n` })
    expect(nul.code, nul.stderr).to.equal(2)
    expect(nul.stderr).to.include('line 2: BOOK contains a NUL character').and.not.match(/select|insert/i)
    // A lone surrogate cannot pass through argv (it is not UTF-8): in-process.
    const surrogate = await runInProcess(db(), ['add', 'Kindred\ud800', ...ada])
    expect(surrogate.code, surrogate.stderr).to.equal(2)
    expect(surrogate.stderr).to.match(/surrogate/)
    const long = await runBinary(db(), ['add', 'x'.repeat(5000), ...ada])
    expect(long.code, long.stderr).to.equal(2)
    expect(long.stderr).to.match(/longer than 1,501 characters/)
    expect(await everything(db().knex)).to.deep.equal(before)
  })
})
