import { expect } from 'chai'
import { parseIsoDate, parsePublicationDate } from '../../src/domain/date.js'
import { parseDate } from '../../src/domain/transfer/rows.js'

describe('dates from import files', () => {
  it('reads YYYY-MM-DD, Goodreads YYYY/MM/DD, months and bare years with their precision, rejecting days that do not exist', () => {
    expect(parseDate('2020/05/20')).to.equal('2020-05-20')
    expect(parseDate('1997')).to.equal('1997')
    expect(parseDate('1997-06')).to.equal('1997-06')
    expect(parseDate('1997/06')).to.equal('1997-06')
    expect(parseDate('May 04, 2021')).to.equal('2021-05-04')
    expect(parseDate('May 2020')).to.equal('2020-05')
    expect(parseDate('')).to.equal(null)
    for (const bad of ['2020-02-30', '2020/13/01', '0000', '0000-05', '1997-13', '1997-6', '97', 'Mayday 2020', 'c1999', '1999-06-25T10:00']) {
      expect(parseDate(bad), bad).to.equal(undefined)
    }
  })

  it('takes a year, a month or a real day as --published, as given', () => {
    for (const good of ['1999', '1999-06', '1999-06-25', '2024-02-29', ' 1999 ']) expect(parsePublicationDate(good), good).to.equal(good.trim())
    for (const bad of ['0000', '1999-00', '1999-13', '2023-02-29', '1999-6', '99', '1999/06', 'June 1999', '']) {
      expect(parsePublicationDate(bad), bad).to.equal(undefined)
    }
  })

  it('keeps years before 100 as they are (Date.UTC would move them to the 1900s)', () => {
    expect(parseDate('0099-03-01')).to.equal('0099-03-01')
    expect(parseIsoDate('0099-03-01')).to.equal('0099-03-01')
  })
})
