import { expect } from 'chai'
import { SAMPLE, seedSampleData } from '../../seeds/data/sample-data.js'
import { isbnPrefixes, searchBooks } from '../../src/store/books.js'
import { describeEachBackend } from '../helpers/databases.js'

const TO_READ = SAMPLE.toRead

describe('isbnPrefixes', () => {
  it('gives the ISBN-13 prefixes digits could start, and the whole ISBN when complete', () => {
    expect(isbnPrefixes('97803')).to.deep.equal(['97803', '97897803'])
    expect(isbnPrefixes('0-385-49')).to.deep.equal(['038549', '978038549'])
    expect(isbnPrefixes('0385493002')).to.deep.equal(['9780385493000'])
    expect(isbnPrefixes('97')).to.deep.equal([])
    expect(isbnPrefixes('dune')).to.deep.equal([])
  })
})

describeEachBackend('the picker search (searchBooks)', (db) => {
  before(async () => {
    await db().truncate()
    await seedSampleData(db().knex)
    // Many books that contain "zebra" inside a word, and one whose title starts with it.
    await db().knex('books').insert([
      ...Array.from({ length: 30 }, (_, index) => ({ title: `Tale ${index} of the Unzebraed`, author: 'Anon' })),
      { title: 'Zebra Crossing', author: 'Anon' },
      { title: 'A Zebra Named Lou', author: 'Anon' },
    ])
  })

  const titles = async (query: string, limit = 20, wishlistId?: string) =>
    (await searchBooks(db().knex, query, limit, { wishlistId })).map((book) => book.title)

  it('ranks titles that start with the query first, then a word that starts with it, then the rest', async () => {
    const found = await titles('zebra', 5)
    expect(found[0]).to.equal('Zebra Crossing')
    expect(found[1]).to.equal('A Zebra Named Lou')
    expect(found.slice(2)).to.satisfy((rest: string[]) => rest.every((title) => title.includes('Unzebraed')))
  })

  it('matches one or two characters against the start of titles only, alphabetically', async () => {
    const found = await titles('ze')
    expect(found).to.deep.equal(['Zebra Crossing'])
    const many = await titles('t', 5)
    expect(many).to.have.length(5)
    expect(many.every((title) => title.toLowerCase().startsWith('t'))).to.equal(true)
    // Byte order of the lower-cased titles (the index is collate "C").
    const lower = many.map((title) => title.toLowerCase())
    expect([...lower].sort()).to.deep.equal(lower)
  })

  it('finds by author words and by ISBN-13 or ISBN-10 prefix', async () => {
    expect(await titles('whitehead colson')).to.include('The Intuitionist')
    expect(await titles('9780385')).to.include('The Intuitionist')
    expect(await titles('0-385-4930')).to.deep.equal(['The Intuitionist'])
    expect(await titles('0385493002')).to.deep.equal(['The Intuitionist'])
  })

  it('treats LIKE wildcards as text and searches only a list when asked', async () => {
    expect(await titles('100%')).to.deep.equal([])
    expect(await titles('_a_')).to.deep.equal([])
    const onList = await titles('the', 20, TO_READ)
    expect(onList).to.include('The Intuitionist')
    expect(onList).not.to.include('The Third Policeman')
  })
})
