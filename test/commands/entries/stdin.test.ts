import { expect } from 'chai'
import { describeEachBackend } from '../../helpers/databases.js'
import { runBinary, runInProcess } from '../../helpers/run.js'
import { ADA, ADA_EMAIL, elsewhere, FRED, listBookIsbns, onToRead, seeded, snapshot, SOUP, TO_READ } from './fixtures.js'

// `-` as the only BOOK: one BOOK per line of stdin, all applied in one transaction.
describeEachBackend('wishlist add/remove - (stdin)', (db) => {
  beforeEach(() => seeded(db()))
  const ada = ['--user', ADA_EMAIL]

  it('adds every line, ignoring blank ones, through the built binary', async () => {
    const stdin = `${elsewhere[0]!.isbn}\n\n  ${elsewhere[1]!.title}  \r\n${SOUP}\n\n`
    const result = await runBinary(db(), ['add', '-', ...ada, '--json'], { stdin })
    expect(result.code, result.stderr).to.equal(0)
    expect(JSON.parse(result.stdout)).to.have.length(3)
    expect(await listBookIsbns(db().knex, TO_READ)).to.include.members([
      elsewhere[0]!.isbn, elsewhere[1]!.isbn, '9781611599138',
    ])
  })

  it('applies nothing when one line has a bad ISBN, naming the line (exit 2)', async () => {
    const before = await snapshot(db().knex, FRED)
    const stdin = `${elsewhere[0]!.isbn}\n\n${SOUP}\n978-0-316-26783-1\n${elsewhere[1]!.isbn}\n`
    const result = await runBinary(db(), ['add', '-', '--user', FRED], { stdin })
    expect(result.code).to.equal(2)
    expect(result.stderr).to.include('line 4:').and.include('978-0-316-26783-1')
    expect(await snapshot(db().knex, FRED)).to.deep.equal(before)
  })

  it('applies nothing when one line names an unknown book, naming the line (exit 3)', async () => {
    const stdin = `${elsewhere[0]!.isbn}\nno such book anywhere at all\n${elsewhere[1]!.isbn}\n`
    const result = await runInProcess(db(), ['add', '-', '--user', FRED], { stdin })
    expect(result.code).to.equal(3)
    expect(result.stderr).to.include('line 2: No book matches "no such book anywhere at all"')
    expect(await snapshot(db().knex, FRED)).to.deep.equal({ lists: [], entries: [] })
  })

  it('applies nothing when one line is ambiguous (exit 2 with the candidates)', async () => {
    const before = await snapshot(db().knex, ADA)
    const result = await runBinary(db(), ['add', '-', ...ada], { stdin: `${elsewhere[0]!.isbn}\nsoul\n` })
    expect(result.code).to.equal(2)
    expect(result.stderr).to.include('line 2: "soul" matches several books').and.include(SOUP)
    expect(await snapshot(db().knex, ADA)).to.deep.equal(before)
  })

  it('removes every line, or nothing when one is not on the list', async () => {
    const before = await snapshot(db().knex, ADA)
    const missing = await runBinary(db(), ['remove', '-', ...ada], {
      stdin: `${onToRead[0]!.isbn}\n${elsewhere[0]!.isbn}\n`,
    })
    expect(missing.code).to.equal(3)
    expect(await snapshot(db().knex, ADA)).to.deep.equal(before)
    const ok = await runBinary(db(), ['remove', '-', ...ada], { stdin: `${onToRead[0]!.isbn}\n${onToRead[1]!.isbn}\n` })
    expect(ok.code, ok.stderr).to.equal(0)
    expect(await listBookIsbns(db().knex, TO_READ)).to.have.length(4)
  })

  it('fails with exit 2 when - is not the only BOOK, or stdin has no BOOK', async () => {
    const mixed = await runInProcess(db(), ['add', '-', SOUP, ...ada], { stdin: `${elsewhere[0]!.isbn}\n` })
    expect(mixed.code).to.equal(2)
    expect(mixed.stderr).to.include('`-` must be the only BOOK')
    const empty = await runInProcess(db(), ['add', '-', ...ada], { stdin: '\n  \n' })
    expect(empty.code).to.equal(2)
    expect(empty.stderr).to.include('No BOOK on stdin')
  })
})
