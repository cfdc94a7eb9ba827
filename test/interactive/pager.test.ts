import { expect } from 'chai'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { seedSampleData } from '../../seeds/data/sample-data.js'
import { ADA } from '../commands/fixtures.js'
import { describeEachBackend } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'
import { KEYS, Terminal, requirePty } from './terminal.js'

const LONG_LIST = 'Long list'
const ROWS = 3000
const hasLess = spawnSync('sh', ['-c', 'command -v less']).status === 0

describeEachBackend('the pager, in a pseudo-terminal', (db) => {
  let dir = ''
  let terminal: Terminal | undefined
  before(async function () {
    requirePty(this)
    this.timeout(60_000)
    await db().truncate()
    await seedSampleData(db().knex)
    const [list] = await db().knex('wishlists').insert({ user_id: ADA.id, name: LONG_LIST }).returning('id')
    await db().knex.raw(
      `insert into books (title, author) select 'Paged book ' || lpad(i::text, 5, '0'), 'Author ' || i from generate_series(1, ${ROWS}) i`,
    )
    await db().knex.raw(`insert into wishlist_entries (wishlist_id, user_id, book_id) select ?, ?, id from books where title like 'Paged book %'`, [
      list.id,
      ADA.id,
    ])
  })
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wishlist-pager-'))
  })
  afterEach(() => {
    terminal?.kill()
    rmSync(dir, { recursive: true, force: true })
  })

  // No pager from the developer's own environment unless a test sets one.
  const spawn = (args: string[], env: Record<string, string | undefined>, size: { cols?: number; rows?: number } = {}) =>
    (terminal = Terminal.spawn(db(), args, { WISHLIST_USER: ADA.email, PAGER: undefined, WISHLIST_PAGER: undefined, LESS: undefined, ...env } as unknown as Record<string, string>, size))

  /** A pager that keeps what it was given in a file and says so on the terminal. */
  let recorded = 0
  const recorder = () => {
    const file = join(dir, `paged-${++recorded}.txt`)
    return { file, command: `cat > ${file}; echo paged-by-test` }
  }

  it('pages `show` through $WISHLIST_PAGER, which wins over $PAGER', async () => {
    const { file, command } = recorder()
    const term = spawn(['show'], { WISHLIST_PAGER: command, PAGER: 'false' })
    expect(await term.exit()).to.equal(0)
    expect(term.screen).to.include('paged-by-test')
    const paged = readFileSync(file, 'utf8')
    expect(paged).to.include('To read (6 books)')
    expect(paged).to.include('The Intuitionist')
    // What the pager was given is the terminal table (colour and all), not plain lines.
    expect(paged).to.include('│')
  })

  it('uses $PAGER when $WISHLIST_PAGER is not set, for books, lists and users too; never for --json', async () => {
    for (const args of [['books'], ['lists'], ['users'], ['show', '--json']]) {
      const { file, command } = recorder()
      const term = spawn(args, { PAGER: command })
      expect(await term.exit()).to.equal(0)
      const json = args.includes('--json')
      expect(existsSync(file), args.join(' ')).to.equal(!json)
      if (json) expect(term.screen).to.include('"wishlist_id"')
      else expect(readFileSync(file, 'utf8').length).to.be.greaterThan(20)
      term.kill()
    }
  })

  it('never pages with --no-pager, with PAGER=cat, or when stdout is not a terminal', async () => {
    const { file, command } = recorder()
    let term = spawn(['show', '--no-pager'], { WISHLIST_PAGER: command })
    expect(await term.exit()).to.equal(0)
    expect(term.screen).to.include('The Intuitionist')
    expect(existsSync(file)).to.equal(false)
    term.kill()
    term = spawn(['show'], { PAGER: 'cat' })
    expect(await term.exit()).to.equal(0)
    expect(term.screen).to.include('To read (6 books)')
    const piped = await runBinary(db(), ['show', '--user', ADA.email], { env: { WISHLIST_PAGER: command, PAGER: command } })
    expect(piped.code).to.equal(0)
    expect(piped.stdout.split('\n')[0]).to.match(/^[0-9a-f-]{36}\t/)
    expect(existsSync(file)).to.equal(false)
  })

  it('a pager that quits before reading everything is not an error (EPIPE)', async () => {
    const term = spawn(['show', LONG_LIST], { WISHLIST_PAGER: 'head -c 10 > /dev/null' })
    expect(await term.exit()).to.equal(0)
    expect(term.screen).not.to.match(/error|EPIPE/i)
  })

  it('a pager that is not installed: a warning, then the table itself', async () => {
    const term = spawn(['show'], { WISHLIST_PAGER: 'no-such-pager-here -R' })
    expect(await term.exit()).to.equal(0)
    expect(term.screen).to.include('warning: the pager `no-such-pager-here` could not start')
    expect(term.screen).to.include('The Intuitionist')
  })

  describe('less, the default', () => {
    before(function () {
      if (!hasLess) {
        console.warn('    (skipped: less is not installed)')
        this.skip()
      }
    })

    it('shows a long list a screen at a time; q quits early with exit 0; Ctrl-C belongs to less', async () => {
      const term = spawn(['show', LONG_LIST, '--sort', 'title'], {}, { cols: 80, rows: 20 })
      await term.waitFor('Paged book 00010')
      expect(term.screen).not.to.include('Paged book 03000')
      term.send(KEYS.ctrlC)
      // Still paging: Ctrl-C neither killed wishlist nor left less orphaned (less
      // redraws its screen, and drops keys typed before that).
      await term.waitFor('Paged book 00010')
      term.send(' ')
      await term.waitFor('Paged book 00030')
      term.send('q')
      expect(await term.exit()).to.equal(0)
      expect(term.screen).not.to.include('Interrupted')
      expect(term.screen).not.to.include('Paged book 03000')
    })

    it('prints a list shorter than the screen as is (less -F) and exits', async () => {
      const term = spawn(['show'], {}, { cols: 80, rows: 40 })
      expect(await term.exit()).to.equal(0)
      expect(term.screen).to.include('How to Be an Antiracist')
    })
  })

  it('interactive Show pages a long list instead of dumping it, then the menu comes back', async function () {
    if (!hasLess) this.skip()
    const term = spawn([], { WISHLIST_USER: ADA.email }, { cols: 80, rows: 20 })
    await term.waitFor('Switch list')
    term.send('switch list', KEYS.enter)
    await term.waitFor(LONG_LIST)
    term.send('long', KEYS.enter)
    await term.waitFor(`${LONG_LIST} (`)
    term.send('show', KEYS.enter)
    await term.waitFor(/(Paged book \d{5}.*\n.*){10}/)
    // One screen of the 3,000 books, in less, not all of them in the scrollback.
    expect(term.recent.match(/Paged book/g)!.length).to.be.below(40)
    term.send('q')
    await term.waitFor('Switch user (now')
    term.send('quit', KEYS.enter)
    expect(await term.exit()).to.equal(0)
    expect(term.screen.match(/Paged book/g)!.length).to.be.below(40)
  })
})
