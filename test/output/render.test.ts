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
