/**
 * The words of messages, one way each: counts ("1 book", "3 books") and quoted names
 * ("Dune", "To read"). Printing makes the text safe (ctx.info, the error printer).
 */

/** "1 book", "3 books"; an irregular plural is given: count(2, 'entry', 'entries'). */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`
}

/** Just the noun for a count: "table" or "tables". */
export function noun(n: number, singular: string, plural = `${singular}s`): string {
  return n === 1 ? singular : plural
}

/** A name, title or typed text in a message, in the one quoting style: "Dune". */
export function quote(name: string): string {
  return `"${name}"`
}
