import { expect } from 'chai'
import { jsonText, safeLines, safeText } from '../../src/output/safe-text.js'
import { HOSTILE, UNSAFE_IN_JSON, UNSAFE_ON_TERMINAL } from './hostile.js'

describe('safeText and jsonText', () => {
  for (const [name, sample] of Object.entries(HOSTILE)) {
    it(`safeText leaves no ${name} raw, and is idempotent`, () => {
      const shown = safeText(`a${sample}b`)
      expect(shown).not.to.match(UNSAFE_ON_TERMINAL)
      expect(safeText(shown)).to.equal(shown)
    })

    it(`jsonText escapes ${name} and parses back to the same text`, () => {
      const data = { title: `a${sample}b`, list: [sample] }
      const json = jsonText(data)
      expect(json.replaceAll('\n', '')).not.to.match(UNSAFE_ON_TERMINAL)
      expect(json).not.to.match(UNSAFE_IN_JSON)
      expect(JSON.parse(json)).to.deep.equal(data)
    })
  }

  it('shows each character as a visible escape of fixed width', () => {
    expect(safeText('\u001b[2J\u009b\u007f')).to.equal('\\x1b[2J\\x9b\\x7f')
    expect(safeText('\u061c\u200b\u202e\ufeff\u2028')).to.equal('\\u061c\\u200b\\u202e\\ufeff\\u2028')
    expect(safeText('tab\tnew\nline')).to.equal('tab new line')
    expect(jsonText('\u009b\u061c\u2029')).to.equal('"\\u009b\\u061c\\u2029"\n')
  })

  it('keeps ordinary text, accents, CJK and emoji as they are', () => {
    const text = 'Cien años de soledad — 百年孤独 📚 ‘quoted’'
    expect(safeText(text)).to.equal(text)
    expect(jsonText(text)).to.equal(`${JSON.stringify(text)}\n`)
  })

  it('safeLines keeps the newlines between lines and escapes the rest', () => {
    expect(safeLines('one\u001b]0;x\u0007\ntwo\r')).to.equal('one\\x1b]0;x\\x07\ntwo\\x0d')
  })
})
