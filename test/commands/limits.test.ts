import { expect } from 'chai'
import { TEXT_LIMITS } from '../../src/domain/limits.js'
import { describeEachBackend } from '../helpers/databases.js'
import { runBinary, runInProcess } from '../helpers/run.js'
import { wideText } from '../helpers/wide-text.js'
import { ADA, snapshot } from './fixtures.js'
import { seeded } from './entries/fixtures.js'

// Every text has a limit that fits its indexes (src/domain/limits.ts); a value the
// database would refuse is exit 2 before it is sent, and a value at the limit is stored.
describeEachBackend('text limits of commands', (db) => {
  beforeEach(() => seeded(db()))
  const ada = ['--user', ADA.email]

  /** Fails with exit 2, in one or two lines without SQL, and changes nothing. */
  async function refused(args: string[], message: RegExp, inProcess = false) {
    const before = await snapshot(db().knex)
    const result = inProcess ? await runInProcess(db(), args) : await runBinary(db(), args)
    expect(result.code, result.stderr).to.equal(2)
    expect(result.stderr).to.match(message).and.not.match(/select|insert|update/i)
    expect(result.stderr.trim().split('\n')).to.have.length.at.most(2)
    expect(await snapshot(db().knex)).to.deep.equal(before)
  }

  it('books add: a title and an author at their limits, in four-byte characters, are stored', async () => {
    const title = wideText(TEXT_LIMITS.title, 1)
    const author = wideText(TEXT_LIMITS.author, 2)
    const result = await runBinary(db(), ['books', 'add', '--title', title, '--author', author, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    expect(await db().knex('books').where({ id: JSON.parse(result.stdout).id }).first('title', 'author')).to.deep.equal({ title, author })
  })

  it('books add: a NUL, a lone surrogate, a title or author one character too long are exit 2', async () => {
    await refused(['books', 'add', '--title', 'Kin\0dred'], /--title contains a NUL character/, true)
    await refused(['books', 'add', '--title', 'Kindred', '--author', 'Octavia\ud800'], /--author contains an unpaired UTF-16 surrogate/, true)
    await refused(['books', 'add', '--title', wideText(TEXT_LIMITS.title + 1)], /--title is longer than 500 characters/)
    // 10 MB is more than one argument of a spawned process may hold: in-process.
    await refused(['books', 'add', '--title', 'x'.repeat(10 * 1024 * 1024)], /--title is longer than 500 characters/, true)
    await refused(['books', 'add', '--title', 'Kindred', '--author', wideText(TEXT_LIMITS.author + 1)], /--author is longer than 1,000 characters/)
  })

  it('lists create and rename: a name at 200 characters is stored; longer or with a NUL is exit 2', async () => {
    const name = wideText(TEXT_LIMITS.listName, 3)
    const created = await runBinary(db(), ['lists', 'create', name, ...ada, '--json'])
    expect(created.code, created.stderr).to.equal(0)
    expect(JSON.parse(created.stdout).name).to.equal(name)
    await refused(['lists', 'create', wideText(TEXT_LIMITS.listName + 1), ...ada], /A list name is longer than 200 characters/)
    await refused(['lists', 'create', 'Summer\0', ...ada], /A list name contains a NUL character/, true)
    await refused(['lists', 'rename', name, wideText(TEXT_LIMITS.listName + 1, 4), ...ada], /longer than 200 characters/)
    // A LIST argument with a NUL names no list: exit 2, not SQL.
    await refused(['show', 'To\0read', ...ada], /LIST contains a NUL character/, true)
  })

  it('users add: an email of 320 characters is stored; 321, or a NUL in a name, is exit 2', async () => {
    const email = `${wideText(TEXT_LIMITS.email - 4, 5)}@b.c`
    const added = await runBinary(db(), ['users', 'add', '--email', email, '--first-name', wideText(TEXT_LIMITS.personName, 6), '--json'])
    expect(added.code, added.stderr).to.equal(0)
    expect(JSON.parse(added.stdout).email).to.equal(email)
    await refused(['users', 'add', '--email', `${wideText(TEXT_LIMITS.email - 3, 7)}@b.c`], /--email is longer than 320 characters/)
    await refused(['users', 'add', '--email', 'grace@example.com', '--last-name', 'Hop\0per'], /--last-name contains a NUL character/, true)
    await refused(['show', '--user', 'ada\0@example.com'], /USER contains a NUL character/, true)
  })

  it('books QUERY: a NUL or a lone surrogate is exit 2, not SQL', async () => {
    await refused(['books', 'Kin\0dred'], /QUERY contains a NUL character/, true)
    await refused(['books', 'Kindred\udc00'], /QUERY contains an unpaired UTF-16 surrogate/, true)
  })

  it('--limit: beyond what a number holds exactly (and bigint) is exit 2; the largest exact one is accepted', async () => {
    await refused(['books', '--limit', '99999999999999999999'], /--limit must be at most 9007199254740991/)
    await refused(['show', '--limit', '9223372036854775808', ...ada], /--limit must be at most 9007199254740991/)
    const largest = await runBinary(db(), ['books', '--limit', String(Number.MAX_SAFE_INTEGER), '--json'])
    expect(largest.code, largest.stderr).to.equal(0)
  })
})
