/**
 * A word as a POSIX shell reads it back, for commands a hint suggests: in double quotes
 * when nothing in it is special there, else in single quotes (a ' written as '\'').
 */
export function shellQuote(text: string): string {
  if (!/["$`\\!]/.test(text)) return `"${text}"`
  return `'${text.replace(/'/g, `'\\''`)}'`
}
