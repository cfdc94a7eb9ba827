import { expect } from 'chai'
import { publishDate } from '../../src/catalogue/publish-date.js'
import { storableText } from '../../src/domain/limits.js'

describe("Open Library's publish_date", () => {
  it('keeps the precision it has: a day, a month or a year; other text with a year is that year; no year is null', () => {
    const cases: [string, string | null][] = [
      ['May 04, 2021', '2021-05-04'],
      ['May 4 2021', '2021-05-04'],
      ['4 May 2021', '2021-05-04'],
      ['Sept. 12, 1999', '1999-09-12'],
      ['2021-05-04', '2021-05-04'],
      ['2014', '2014'],
      ['June 2003', '2003-06'],
      ['Sept 1999', '1999-09'],
      ['2003-06', '2003-06'],
      ['c1999', '1999'],
      ['February 30, 2021', '2021'],
      ['Mayday 2021', '2021'],
      ['n.d.', null],
      ['', null],
    ]
    for (const [text, expected] of cases) expect(publishDate(text), text).to.equal(expected)
  })
})

describe('storableText', () => {
  it('removes control characters and lone surrogates, collapses whitespace, cuts to the limit', () => {
    expect(storableText('Evil \u001b]0;pwned\u0007 \u001b[31mred\u009b\n', 100)).to.equal('Evil ]0;pwned [31mred')
    expect(storableText('a\ud800b', 10)).to.equal('ab')
    expect(storableText('😀'.repeat(5), 3)).to.equal('😀😀😀')
  })
})
