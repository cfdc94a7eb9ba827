import stringWidth from 'string-width'

// Printable ASCII: one column a character, the common case, answered without
// string-width (which segments graphemes: a few microseconds a cell).
const ASCII = /^[\x20-\x7e]*$/
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g
let graphemes: Intl.Segmenter | undefined

/** How many terminal columns the text takes: wide (CJK) characters two, marks none. */
export function textWidth(text: string): number {
  return ASCII.test(text) ? text.length : stringWidth(text)
}

/**
 * The text cut to at most `width` columns, ending in an ellipsis when cut. Never
 * splits a character or a grapheme (an emoji with its modifiers); colour is dropped
 * from a cut text.
 */
export function cutToWidth(text: string, width: number): string {
  if (ASCII.test(text)) return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`.slice(0, width)
  if (stringWidth(text) <= width) return text
  if (width <= 0) return ''
  let out = ''
  let used = 0
  for (const { segment } of (graphemes ??= new Intl.Segmenter()).segment(text.replace(ANSI, ''))) {
    const w = stringWidth(segment)
    if (used + w > width - 1) break
    out += segment
    used += w
  }
  return `${out}…`
}
