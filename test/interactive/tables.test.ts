import { expect } from 'chai'
import { seedSampleData } from '../../seeds/data/sample-data.js'
import { ADA, TO_READ } from '../commands/fixtures.js'
import { describeEachBackend } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'
import { Terminal, displayWidth, requirePty } from './terminal.js'

const LONG_NAME = 'Books to read before the summer holidays at the lake house, in July 2027'

/** The lines a command printed on a terminal of `cols` columns, without colours. */
async function screenOf(db: () => import('../helpers/databases.js').TestDatabase, args: string[], cols: number, env: Record<string, string> = {}) {
  const terminal = Terminal.spawn(db(), [...args, '--no-pager'], { WISHLIST_USER: ADA.email, ...env }, { cols })
  try {
    expect(await terminal.exit(60_000)).to.equal(0)
    return terminal.screen.split('\n').filter((line) => line !== '')
  } finally {
    terminal.kill()
  }
}

const widest = (lines: string[]) => Math.max(...lines.map(displayWidth))

describeEachBackend('tables fitted to the terminal, in a pseudo-terminal', (db) => {
  before(async function () {
    requirePty(this)
    await db().truncate()
    await seedSampleData(db().knex)
    await db().knex('wishlists').insert({ user_id: ADA.id, name: LONG_NAME })
  })

  for (const cols of [40, 60, 120]) {
    it(`show at ${cols} columns: no line wider than the terminal, title and author kept`, async () => {
      const lines = await screenOf(db, ['show'], cols)
      expect(widest(lines), lines.join('\n')).to.be.at.most(cols)
      const text = lines.join('\n')
      expect(text).to.include('To read (6 books)')
      expect(text).to.match(/│ Title +│ Author +│/)
      expect(text).not.to.include('c4e3a9d4')
      // Six books, one line each: nothing wrapped into a second line, and no rule
      // between rows (a 277-book list took 560 lines).
      expect(lines.filter((line) => line.startsWith('│')).length).to.equal(7)
      expect(lines.filter((line) => line.startsWith('├')).length).to.equal(1)
      if (cols < 80) {
        // The least useful columns leave first: the date added, then the ISBN.
        expect(text).not.to.include('Added')
        expect(text).not.to.include('ISBN')
        expect(text).to.include('Published')
        expect(text).to.include('…')
      } else {
        expect(text).to.match(/│ ISBN +│ Published +│ Added +│/)
        expect(text).to.include('How to Be an Antiracist')
        expect(text).to.include('9780385493000')
      }
    })

    it(`lists at ${cols} columns: the id goes first and the name keeps its width`, async () => {
      const lines = await screenOf(db, ['lists'], cols)
      expect(widest(lines), lines.join('\n')).to.be.at.most(cols)
      const text = lines.join('\n')
      expect(text).not.to.include(TO_READ)
      expect(text).to.include('Gift ideas')
      if (cols >= 60) expect(text).to.include(cols >= 120 ? LONG_NAME : 'Books to read before the')
      if (cols >= 120) expect(text).to.include('Created')
    })
  }

  it('measures wide characters and emoji in the built binary: every border lines up', async () => {
    // The bundle loads string-width only at the first text that is not printable
    // ASCII (scripts/bundle.mjs): these are such texts.
    await db().knex('books').insert([
      { title: '三体 (The Three-Body Problem)', author: '刘慈欣' },
      { title: 'Emoji 📚 in a title', author: 'Zoë Wicomb' },
    ])
    for (const [query, expected] of [['三体', '刘慈欣'], ['emoji', '📚']]) {
      const lines = await screenOf(db, ['books', query!], 80)
      const table = lines.filter((line) => /^[┌│├└]/.test(line))
      expect(table.length, lines.join('\n')).to.equal(5) // top, header, rule, the book, bottom
      expect(new Set(table.map(displayWidth)).size, lines.join('\n')).to.equal(1)
      expect(lines.join('\n')).to.include(expected)
    }
  })

  it('books on a terminal says how many more there are than --limit shows', async () => {
    const lines = await screenOf(db, ['books', '--limit', '5'], 60)
    const total = Number((await db().knex('books').count({ count: '*' }))[0]!.count)
    expect(lines.join('\n')).to.include(`and ${total - 5} more (--limit)`)
    expect(widest(lines)).to.be.at.most(60)
    // A search cut by --limit counts its own matches.
    const search = await screenOf(db, ['books', 'how', '--limit', '2'], 60)
    const matches = Number(
      (await db().knex('books').whereRaw("lower(title) like '%how%' or lower(author) like '%how%'").count({ count: '*' }))[0]!.count,
    )
    expect(search.join('\n')).to.include(`and ${matches - 2} more (--limit)`)
    // All shown: no such line; piped: never.
    expect((await screenOf(db, ['books', 'antiracist'], 60)).join('\n')).not.to.include('more (--limit)')
    const piped = await runBinary(db(), ['books', '--limit', '5'])
    expect(piped.stdout.trimEnd().split('\n')).to.have.length(5)
    expect(piped.stdout).not.to.include('more')
  })

  it('show --limit gives the total: "3 of 6 books shown"', async () => {
    const text = (await screenOf(db, ['show', '--limit', '3'], 60)).join('\n')
    expect(text).to.include('To read (3 of 6 books shown)')
    expect((await screenOf(db, ['show', '--limit', '10'], 60)).join('\n')).to.include('To read (6 books)')
  })
})

describeEachBackend('a long list on a terminal, in a pseudo-terminal', (db) => {
  const ROWS = 10_000
  before(async function () {
    requirePty(this)
    this.timeout(120_000)
    await db().truncate()
    await seedSampleData(db().knex)
    await db().knex.raw(
      `insert into books (title, author, isbn)
       select 'Generated book number ' || i || ' with a longish title', 'Author ' || i, null from generate_series(1, ${ROWS}) i`,
    )
    await db().knex.raw(
      `insert into wishlist_entries (wishlist_id, user_id, book_id)
       select ?, ?, id from books where title like 'Generated book number %'`,
      [TO_READ, ADA.id],
    )
  })

  it(`draws ${ROWS.toLocaleString('en')} rows in time linear in the rows: at most 3x the piped time`, async function () {
    this.timeout(120_000)
    const timed = async <T>(work: () => Promise<T>) => {
      const started = Date.now()
      const result = await work()
      return { ms: Date.now() - started, result }
    }
    // Warm both paths once (the code cache, the database's buffers).
    await runBinary(db(), ['show', '--user', ADA.email])
    const piped = await timed(() => runBinary(db(), ['show', '--user', ADA.email]))
    expect(piped.result.stdout.trimEnd().split('\n')).to.have.length(ROWS + 6)
    const terminal = await timed(() => screenOf(db, ['show'], 120))
    const lines = terminal.result
    expect(lines.filter((line) => line.includes('Generated book number'))).to.have.length(ROWS)
    expect(widest(lines)).to.be.at.most(120)
    // Today's renderer (quadratic) took over 10 s here, against under 1 s piped.
    expect(terminal.ms, `terminal ${terminal.ms} ms, piped ${piped.ms} ms`).to.be.at.most(3 * piped.ms + 1000)
  })
})

describeEachBackend('interactive mode after a resize, in a pseudo-terminal', (db) => {
  let terminal: Terminal | undefined
  before(async function () {
    requirePty(this)
    await db().truncate()
    await seedSampleData(db().knex)
  })
  afterEach(() => terminal?.kill())

  /** The lines of the latest table on the screen, top border to bottom. */
  const lastTable = (screen: string) => {
    const end = screen.lastIndexOf('┘')
    const start = screen.lastIndexOf('┌', end)
    return screen.slice(start, end + 1).split('\n')
  }

  it('Show after 120 -> 60 columns prints a 60-column table', async () => {
    const term = (terminal = Terminal.spawn(db(), [], { WISHLIST_USER: ADA.email, WISHLIST_PAGER: 'cat' }, { cols: 120 }))
    await term.waitFor('Switch user (now')
    term.send('show', '\r')
    await term.waitFor('┘')
    const wide = lastTable(term.screen)
    expect(wide.join('\n')).to.match(/│ ISBN +│ Published +│ Added +│/)
    expect(widest(wide)).to.be.greaterThan(60)
    await term.waitFor('Switch user (now')
    term.resize(60)
    // The menu comes back at the new width; Show again.
    term.send('show', '\r')
    await term.waitFor('┘')
    const narrow = lastTable(term.screen)
    expect(widest(narrow), narrow.join('\n')).to.be.at.most(60)
    expect(narrow.join('\n')).not.to.include('ISBN')
    expect(narrow.join('\n')).to.match(/│ Title +│ Author +│ Published +│/)
    await term.waitFor('Switch user (now')
    term.send('quit', '\r')
    expect(await term.exit()).to.equal(0)
  })
})
