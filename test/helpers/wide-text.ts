/**
 * Text of `length` characters that are four bytes each in UTF-8 (CJK Extension B),
 * varied so that PostgreSQL cannot compress it: the worst case for an index row.
 */
export function wideText(length: number, seed = 1): string {
  let state = seed
  let text = ''
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648
    text += String.fromCodePoint(0x20000 + (state % 0xa6d0))
  }
  return text
}
