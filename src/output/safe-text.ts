// The one place that decides which characters from the database, a file or the
// network may not reach a terminal raw, and how they are shown instead. safeText (tables,
// plain lines, messages, prompts) and jsonText (every --json output) share these classes.

/**
 * C0 controls, DEL and the C1 controls: a terminal acts on them (ESC starts a sequence
 * that can retitle the window, clear the screen or make the terminal type into the shell;
 * U+009B is a one-character CSI on terminals that honour 8-bit controls).
 */
const CONTROLS = '\\u0000-\\u001f\\u007f-\\u009f'

/**
 * Characters that reorder or hide text without showing themselves: the bidi marks,
 * embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A-U+202E,
 * U+2066-U+2069), the zero-width space, joiners, word joiner and BOM (U+200B-U+200D,
 * U+2060, U+FEFF), and the line and paragraph separators (U+2028, U+2029).
 */
const INVISIBLE = '\\u061c\\u200b-\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2060\\u2066-\\u2069\\ufeff'

const UNSAFE = new RegExp(`[${CONTROLS}${INVISIBLE}]`, 'g')
// JSON.stringify already escapes C0 inside strings; what it leaves raw is DEL, C1 and the
// invisible characters. Outside strings JSON has only ASCII, so escaping the document
// text escapes exactly the characters inside its strings.
const JSON_UNSAFE = new RegExp(`[\\u007f-\\u009f${INVISIBLE}]`, 'g')

const hex = (char: string, digits: number) => char.charCodeAt(0).toString(16).padStart(digits, '0')

/**
 * One line of text, safe for a terminal: tabs and newlines become spaces (they would
 * break one-record-per-line output), every other unsafe character a visible escape
 * (\x1b, \u202e). Idempotent: the escapes it writes are plain ASCII.
 */
export function safeText(text: string): string {
  return text.replace(UNSAFE, (char) => {
    if (char === '\t' || char === '\n') return ' '
    return char.charCodeAt(0) <= 0xff ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`
  })
}

/** Several lines (a message with a hint, a CSV document): safeText on each, newlines kept. */
export function safeLines(text: string): string {
  return text.split('\n').map(safeText).join('\n')
}

/**
 * JSON for output, indented, with a final newline. DEL, C1 and the invisible characters
 * are written as \uXXXX escapes: still valid JSON that parses back to the same strings,
 * but safe to print on a terminal and to read in an editor.
 */
export function jsonText(data: unknown): string {
  return JSON.stringify(data, null, 2).replace(JSON_UNSAFE, (char) => `\\u${hex(char, 4)}`) + '\n'
}
