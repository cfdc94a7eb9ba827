import { expect } from 'chai'
import type { Knex } from 'knex'
import { foldText, searchBooks } from '../../../src/store/books.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { fakePrompter, search } from '../../helpers/fake-prompter.js'
import { runBinary } from '../../helpers/run.js'
import { ADA, jsonOf, withSampleDataAndConfig } from '../fixtures.js'

const GILDA = { title: 'The Gilda Stories', author: 'Jewelle L. Gómez', isbn: '9781563410468' }
const DAVID = { title: 'David’s Story', author: 'Zoë Wicomb', isbn: '9781558612679' }
const EMILE = { title: 'Émile, or On Education', author: 'Jean-Jacques Rousseau' }

describeEachBackend('search ignores accents', (db) => {
  const { run } = withSampleDataAndConfig(db)
  beforeEach(() => db().knex('books').insert([GILDA, DAVID, EMILE]))
  const titles = async (args: string[]) => {
    const result = await run(['books', ...args, '--json'])
    expect(result.code, result.stderr).to.equal(0)
    return jsonOf(result.stdout).map((book: { title: string }) => book.title)
  }

  it('`books QUERY` finds accented words typed without their accents, and the other way round', async () => {
    expect(await titles(['gomez'])).to.deep.equal([GILDA.title])
    expect(await titles(['zoe wicomb'])).to.deep.equal([DAVID.title])
    expect(await titles(['ZOE'])).to.deep.equal([DAVID.title])
    expect(await titles(['gómez'])).to.deep.equal([GILDA.title])
    expect(await titles(['Wïcömb'])).to.deep.equal([DAVID.title])
    // The sample catalogue's own: Conceição Evaristo's Ponciá Vicêncio.
    expect(await titles(['conceicao evaristo'])).to.deep.equal(['Ponciá Vicêncio'])
    expect(await titles(['poncia vicencio'])).to.deep.equal(['Ponciá Vicêncio'])
    // One or two characters match the start of titles, accents ignored too.
    expect(await titles(['e'])).to.include(EMILE.title)
    expect(await titles(['ém'])).to.deep.equal([EMILE.title])
    // Through the built binary (plain lines).
    const plain = await runBinary(db(), ['books', 'gomez'])
    expect(plain.stdout.split('\t')[1]).to.equal(GILDA.title)
  })

  it('folds more than combining marks: ß, æ and ø as unaccent does, on both sides', async () => {
    await db().knex('books').insert([{ title: 'Straße der Ærøskøbing' }])
    expect(await titles(['strasse aeroskobing'])).to.deep.equal(['Straße der Ærøskøbing'])
    expect(await foldText(db().knex, 'Straße Ærø Gómez')).to.equal('strasse aero gomez')
    expect(await foldText(db().knex, 'Plain ASCII')).to.equal('plain ascii')
    // The longest title, of the character that folds longest ("㎮", 3 bytes, to "rad/s"), still fits the title index.
    const longest = await run(['books', 'add', '--title', '㎮'.repeat(500), '--json'])
    expect(longest.code, longest.stderr).to.equal(0)
    expect(await titles(['rad/srad/s'])).to.deep.equal(['㎮'.repeat(500)])
  })

  it('resolves a free-text BOOK without accents (add, books show)', async () => {
    const added = await run(['add', 'zoe wicomb', '--user', ADA.email, '--json'])
    expect(added.code, added.stderr).to.equal(0)
    const david = await db().knex('books').where({ isbn: DAVID.isbn }).first()
    expect(jsonOf(added.stdout)[0]).to.include({ book_id: david.id, added: true })
    const shown = await runBinary(db(), ['books', 'show', 'jewelle gomez'])
    expect(shown.code, shown.stderr).to.equal(0)
    expect(shown.stdout).to.include(`isbn\t${GILDA.isbn}`)
    // An exact title among several matches, accents aside, is the one meant.
    await run(['books', 'add', '--title', 'Ponciá Vicêncio: A Reader', '--author', 'Someone'])
    const exact = await runBinary(db(), ['books', 'show', 'poncia vicencio', '--json'])
    expect(exact.code, exact.stderr).to.equal(0)
    expect(jsonOf(exact.stdout).title).to.equal('Ponciá Vicêncio')
    // "Did you mean" folds too: a typo in an unaccented word still finds the accented title.
    const typo = await runBinary(db(), ['books', 'show', 'emile or on educatoin'])
    expect(typo.code).to.equal(3)
    expect(typo.stderr).to.include(`Did you mean "${EMILE.title}"`)
  })

  it("finds them in the picker's search", async () => {
    let found: string[] = []
    const prompter = fakePrompter({
      pickBooks: [
        async (options) => {
          found = (await search(options, 'gomez')).map((choice) => choice.book.title)
          return []
        },
      ],
    })
    const result = await run(['add', '--user', ADA.email], { tty: true, prompter })
    expect(result.code, result.stderr).to.equal(0)
    expect(found).to.deep.equal([GILDA.title])
  })
})

describeEachBackend('the accent-insensitive search on a large catalogue', (db) => {
  before(async () => {
    await db().truncate()
    // Enough books that a scan costs more than the indexes (the planner picks them).
    await db().knex.raw(`insert into books (title, author)
      select 'Título ' || i || ' de la série ' || (i % 97) || ': ' || repeat('una historia muy larga ', 18), 'Autor Número ' || (i % 1000)
      from generate_series(1, 20000) i`)
    await db().knex('books').insert([GILDA, DAVID, EMILE])
    await db().knex.raw('analyze books')
  })

  /** The plans of the queries a search sends. */
  async function plans(knex: Knex, term: string): Promise<string> {
    const caught: { sql: string; bindings: unknown[] }[] = []
    const listener = (query: { sql: string; bindings: unknown[] }) => caught.push({ sql: query.sql.replace(/\$\d+/g, '?'), bindings: query.bindings })
    knex.on('query', listener)
    try {
      await searchBooks(knex, term, 20)
    } finally {
      knex.removeListener('query', listener)
    }
    const out: string[] = []
    for (const { sql, bindings } of caught) {
      if (!/from "books"/.test(sql)) continue
      const { rows } = await knex.raw(`explain ${sql}`, bindings as never)
      out.push(rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n'))
    }
    return out.join('\n---\n')
  }

  it('matches words through the trigram index and title starts through the title index', async () => {
    const { knex } = db()
    expect((await searchBooks(knex, 'gomez', 20)).map((book) => book.title)).to.deep.equal([GILDA.title])
    expect((await searchBooks(knex, 'zoë wicomb', 20)).map((book) => book.title)).to.deep.equal([DAVID.title])
    const words = await plans(knex, 'gomez')
    expect(words).to.include('books_search_text_trgm')
    expect(words).to.include('books_title_prefix')
    expect(words).not.to.match(/Seq Scan on books/)
    const accented = await plans(knex, 'zoë wicomb')
    expect(accented).to.include('books_search_text_trgm')
    const start = await plans(knex, 'ti')
    expect(start).to.include('books_title_prefix')
    expect(start).not.to.match(/Seq Scan on books/)
    expect((await searchBooks(knex, 'ti', 3)).map((book) => book.title.split(':')[0])).to.deep.equal(['Título 1 de la série 1', 'Título 10 de la série 10', 'Título 100 de la série 3'])
  })
})
