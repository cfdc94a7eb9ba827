// Text from the database is never written raw: a title could carry escape sequences
// that retitle the terminal, move the cursor or hide output, or tabs and newlines that
// would break one-record-per-line output. Used for tables, plain lines and messages.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

export function safeText(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0)
    if (char === '\t' || char === '\n') return ' '
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`
  })
}
