import { expect } from 'chai'
import { parseBookRef } from '../../src/domain/book-ref.js'
import { TEXT_LIMITS, textProblem } from '../../src/domain/limits.js'
import { UsageError } from '../../src/errors.js'
import { wideText } from '../helpers/wide-text.js'

describe('text limits', () => {
  it('refuses a NUL, a lone surrogate, and one character over the limit, counted in characters', () => {
    expect(textProblem('Kin\0dred', 10)).to.equal('contains a NUL character')
    expect(textProblem('x\ud800y', 10)).to.match(/unpaired UTF-16 surrogate/)
    expect(textProblem('x\udc00', 10)).to.match(/unpaired UTF-16 surrogate/)
    expect(textProblem('x'.repeat(11), 10)).to.equal('is longer than 10 characters')
    // A character outside the BMP is two UTF-16 units but one character.
    expect(textProblem(wideText(TEXT_LIMITS.title), TEXT_LIMITS.title)).to.equal(undefined)
    expect(textProblem(wideText(TEXT_LIMITS.title + 1), TEXT_LIMITS.title)).to.equal('is longer than 500 characters')
    expect(textProblem('Kindred 😀', 10)).to.equal(undefined)
  })
})

describe('BOOK arguments', () => {
  const usage = (input: string) => () => parseBookRef(input)
  it('refuses digits that are not an ISBN, rather than searching ISBNs that start with them', () => {
    expect(usage('978031626783')).to.throw(UsageError, /not an ISBN: it has 12 digits/)
    expect(usage('978-0-316-2678')).to.throw(UsageError, /11 digits/)
    expect(usage('12345678901234')).to.throw(UsageError, /14 digits/)
    // Numbers that are titles stay free text, and real ISBNs stay ISBNs.
    expect(parseBookRef('1984')).to.include({ kind: 'text', text: '1984' })
    expect(parseBookRef('2001 12')).to.include({ kind: 'text' })
    expect(parseBookRef('978-0-316-26783-0')).to.include({ kind: 'isbn', isbn: '9780316267830' })
  })

  it('refuses a NUL, a lone surrogate, or text longer than any title and author', () => {
    expect(usage('Kin\0dred')).to.throw(UsageError, /NUL/)
    expect(usage('Kindred\ud800')).to.throw(UsageError, /surrogate/)
    expect(usage('x'.repeat(1502))).to.throw(UsageError, /longer than 1,501 characters/)
  })
})
