import { expect } from 'chai'
import { parseIsoDate } from '../../src/domain/date.js'
import { parseDate } from '../../src/domain/transfer/rows.js'

describe('dates from import files', () => {
  it('reads YYYY-MM-DD, Goodreads YYYY/MM/DD and bare years, rejecting days that do not exist', () => {
    expect(parseDate('2020/05/20')).to.equal('2020-05-20')
    expect(parseDate('1997')).to.equal('1997-01-01')
    expect(parseDate('')).to.equal(null)
    for (const bad of ['2020-02-30', '2020/13/01', '0000', 'May 2020']) expect(parseDate(bad), bad).to.equal(undefined)
  })

  it('keeps years before 100 as they are (Date.UTC would move them to the 1900s)', () => {
    expect(parseDate('0099-03-01')).to.equal('0099-03-01')
    expect(parseIsoDate('0099-03-01')).to.equal('0099-03-01')
  })
})
