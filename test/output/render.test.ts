import { expect } from 'chai'
import { PassThrough } from 'node:stream'
import { createIO } from '../../src/io.js'
import { bookColumns } from '../../src/output/books.js'
import { printRecords } from '../../src/output/render.js'
import type { Book } from '../../src/store/books.js'

const book: Book = {
  id: 'dfe3157b-b402-4104-a0eb-e54bee1210f0',
  title: 'Chicken Soup for the Soul 20th Anniversary Edition',
  author: 'Jack Canfield, Mark Victor Hansen, Amy Newmark',
  isbn: '9781611599138',
  publicationDate: '2013-06-25',
  createdAt: new Date(),
}

function render(columns: number, isTTY: boolean): string {
  const stdout = Object.assign(new PassThrough(), { isTTY, columns })
  let text = ''
  stdout.on('data', (chunk) => (text += chunk))
  const io = createIO({ stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {}, color: true })
  printRecords(io, bookColumns, [book])
  return text
}

describe('printRecords', () => {
  it('fits a table to a narrow terminal, leaving out the id column first', () => {
    const lines = render(80, true).trimEnd().split('\n')
    for (const line of lines) expect([...line.replace(/\u001b\[[0-9;]*m/g, '')].length).to.be.at.most(80)
    expect(lines.join('\n')).to.not.include(book.id)
    expect(lines.join('\n')).to.include('9781611599138')
  })

  it('keeps every column when the terminal is wide enough', () => {
    const text = render(200, true)
    expect(text).to.include(book.id)
    expect(text).to.include(book.title)
  })

  it('prints plain tab-separated lines, all columns, when stdout is not a terminal', () => {
    expect(render(20, false)).to.equal(
      `${book.id}\t${book.title}\t${book.author}\t9781611599138\t2013-06-25\n`,
    )
  })

  it('shows column headers safely too (db shell names columns after the query)', () => {
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 80 })
    let text = ''
    stdout.on('data', (chunk) => (text += chunk))
    const io = createIO({ stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' }, color: true })
    printRecords(io, [{ header: 'x\u001b]0;pwned\u0007\u202e', plain: (row: { v: string }) => row.v }], [{ v: 'value' }])
    expect(text).to.include('x\\x1b]0;pwned\\x07\\u202e')
    expect(text).not.to.match(/[\u0000-\u0009\u000b-\u001f\u202e]/)
  })
})

describe('printRecords on a terminal: widths', () => {
  const entryLike = [
    { header: 'ID', plain: (row: string[]) => row[0], drop: 0 },
    { header: 'Title', plain: (row: string[]) => row[1], flex: true, minWidth: 10 },
    { header: 'Author', plain: (row: string[]) => row[2], flex: true },
    { header: 'ISBN', plain: (row: string[]) => row[3], drop: 3 },
    { header: 'Published', plain: (row: string[]) => row[4] },
    { header: 'Added', plain: (row: string[]) => row[5], drop: 2 },
  ]
  const rows = [
    ['dfe3157b-b402-4104-a0eb-e54bee1210f0', '三体 (The Three-Body Problem) 地球往事三部曲', '刘慈欣 Liu Cixin', '9780765382030', '2014-11-11', '3 days ago'],
    ['04856d91-c951-429c-a405-423300faf499', 'Python for Dummies 🐍 second edition', 'John Paul Mueller', '9781118891452', '2014-09-01', 'just now'],
  ]
  const draw = (columns: number, footer?: string) => {
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns })
    let text = ''
    stdout.on('data', (chunk) => (text += chunk))
    const io = createIO({ stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: { NO_COLOR: '1' }, color: true })
    printRecords(io, entryLike, rows, { footer })
    return text.trimEnd().split('\n')
  }
  // Wide (CJK, emoji) characters take two columns.
  const width = (line: string) => [...line].reduce((sum, char) => sum + (/[\u3000-\u9fff\u{1f300}-\u{1faff}]/u.test(char) ? 2 : 1), 0)

  for (const columns of [40, 60, 120]) {
    it(`fits ${columns} columns, wide characters counted as two, one line a row`, () => {
      const lines = draw(columns)
      for (const line of lines) expect(width(line), line).to.be.at.most(columns)
      // Top border, header, rule, two rows, bottom border: nothing wrapped or separated.
      expect(lines).to.have.length(6)
    })
  }

  it('drops the id, then the date added, then the ISBN, before cutting titles', () => {
    const at = (columns: number) => draw(columns)[1]!
    expect(at(200)).to.match(/ID .*Title .*Author .*ISBN .*Published .*Added/)
    expect(at(100)).to.match(/Title .*Author .*ISBN .*Published .*Added/).and.not.include('ID')
    expect(at(80)).to.match(/Title .*Author .*ISBN .*Published/).and.not.include('Added')
    expect(at(60)).to.match(/Title .*Author .*Published/).and.not.include('ISBN')
    expect(draw(40).join('\n')).to.include('…')
  })

  it('prints a footer under the table on a terminal only', () => {
    expect(draw(80, 'and 5 more (--limit)').at(-1)).to.equal('and 5 more (--limit)')
    const stdout = Object.assign(new PassThrough(), { isTTY: false })
    let text = ''
    stdout.on('data', (chunk) => (text += chunk))
    printRecords(createIO({ stdin: new PassThrough(), stdout, stderr: new PassThrough(), env: {}, color: true }), entryLike, rows, { footer: 'and 5 more' })
    expect(text).not.to.include('more')
  })
})
