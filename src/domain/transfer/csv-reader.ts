/**
 * A streaming CSV reader: text goes in a piece at a time, records come out with the
 * physical line they start on, and nothing else is kept (the import of a large file
 * never holds the file or its rows).
 *
 * It reads exactly as csv-parse did with the options the import used before
 * (`bom`, `relax_quotes`, `relax_column_count`, `skip_empty_lines`,
 * `skip_records_with_error`; comma, double quote), rule for rule, so files read the
 * same as before; test/domain/csv-reader.test.ts checks it against csv-parse on
 * generated input.
 *
 * Why not a library (measured on a 24 MB, 100,000-row Goodreads export):
 * - csv-parse's own streaming parser reads by the same rules, but alone it peaks at
 *   93 MB and takes 1.8-2.3 s (this reader: 0.2 s); in `wishlist import` it made the
 *   server import 12.3 s and 115 MB instead of 10.4 s and 89 MB (three runs each,
 *   alternating), over the 100 MB a server-backend command may use (issue 6).
 * - papaparse (0.6-0.9 s) closes a quoted cell only before a comma or a line break, so
 *   a stray quote such as `"Dune" (1965),...` makes it read on through the following
 *   lines, where csv-parse (and spreadsheets) keep `"Dune" (1965)` as text;
 *   csv-parser runs the rest of that line into the one cell.
 *
 * The rules, as csv-parse has them:
 * - A UTF-8 byte order mark at the very start is dropped.
 * - Records end at the first line break seen outside quotes (`\r\n`, `\n` or `\r`),
 *   and only at that kind afterwards; another kind is part of the cell.
 * - A quote opens a quoted cell only as the cell's first character; elsewhere it is
 *   text. In a quoted cell `""` is a quote, and a quote followed by a comma, the line
 *   break, the end of the text or a NUL character closes it; a quote followed by
 *   anything else ends the quoting and stays in the cell, as text, with the opening
 *   quote put back (`"x"y` reads as `"x"y`).
 * - Empty lines are skipped (a line holding `""` is a record with one empty cell).
 * - A quoted cell still open at the end makes its record unreadable.
 */
const QUOTE = 34
const CR = 13
const LF = 10
const NUL = 0

/** Text kept back from the end of a piece until more comes: a quote is decided by the two characters after it. */
const LOOKAHEAD = 2

export interface CsvSink {
  /** A record, and the physical line (1-based) its first character is on. */
  record(fields: string[], line: number): void
  /** A record that cannot be read: a quote still open at the end of the text. */
  broken(line: number, reason: string): void
}

export class CsvReader {
  /** Text not read yet (the look-ahead kept back from the last piece). */
  private rest = ''
  private started = false
  /** The record delimiter: unknown until the first line break outside quotes. */
  private newline = ''
  private quoting = false
  /** The current cell was quoted (so an empty line holding `""` is not skipped). */
  private wasQuoting = false
  /** The current cell's text before `from` (earlier pieces, or before an escaped quote). */
  private cell = ''
  private fields: string[] = []
  /** The physical line of the next character. */
  private line = 1
  /** The line the current record started on; 0 before its first character. */
  private recordLine = 0

  /** Characters pushed so far, and the one (of those) the record being read starts at. */
  private received = 0
  private recordFrom = 0

  private readonly delimiter: number
  private readonly quotes: boolean

  /**
   * `delimiter` a comma (CSV) or a tab (LibraryThing's TSV); `quotes` false for files
   * whose cells are never quoted (there a quote is always text).
   */
  constructor(
    private readonly sink: CsvSink,
    options: { delimiter?: ',' | '\t'; quotes?: boolean } = {},
  ) {
    this.delimiter = (options.delimiter ?? ',').charCodeAt(0)
    this.quotes = options.quotes ?? true
  }

  push(text: string): void {
    const offset = this.received - this.rest.length
    this.received += text.length
    this.read(this.rest + text, false, offset)
  }

  /** Characters of the record being read so far: what the reader holds for it. */
  pendingChars(): number {
    return this.received - this.recordFrom
  }

  /** The line the record being read started on (for messages). */
  currentLine(): number {
    return this.recordLine || this.line
  }

  end(): void {
    this.read(this.rest, true, this.received - this.rest.length)
    this.rest = ''
    if (this.quoting) {
      this.sink.broken(this.recordLine, `Quote Not Closed: the parsing is finished with an opening quote at line ${this.recordLine}`)
    } else if (this.wasQuoting || this.fields.length > 0 || this.cell !== '') {
      this.endRecord()
    }
  }

  /** `offset`: where `text` starts among the characters pushed. */
  private read(text: string, last: boolean, offset: number): void {
    if (!this.started) {
      if (text === '') return
      this.started = true
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1)
        offset += 1
      }
    }
    const limit = last ? text.length : Math.max(0, text.length - LOOKAHEAD)
    let from = 0
    for (let at = 0; at < limit; at++) {
      const c = text.charCodeAt(at)
      if (this.quoting) {
        if (c === QUOTE) {
          const next = at + 1 < text.length ? text.charCodeAt(at + 1) : NaN
          if (next === QUOTE) {
            // An escaped quote: one quote in the cell.
            this.cell += text.slice(from, at + 1)
            from = at + 2
            at++
            continue
          }
          this.cell += text.slice(from, at)
          this.quoting = false
          this.wasQuoting = true
          if (Number.isNaN(next) || next === NUL || next === this.delimiter || this.newlineAt(text, at + 1) > 0) {
            from = at + 1
          } else {
            // Not a closing quote after all: the cell is text, quotes included.
            this.cell = `"${this.cell}`
            from = at
          }
        } else if (c === LF || (c === CR && text.charCodeAt(at + 1) !== LF)) {
          this.line++
        }
        continue
      }
      if (c === this.delimiter) {
        if (this.recordLine === 0) this.recordLine = this.line
        this.fields.push(this.cell + text.slice(from, at))
        this.cell = ''
        this.wasQuoting = false
        from = at + 1
      } else if (c === QUOTE && this.quotes) {
        if (this.recordLine === 0) this.recordLine = this.line
        if (this.cell === '' && from === at) {
          this.quoting = true
          from = at + 1
        }
      } else if (c === CR || c === LF) {
        const length = this.newlineAt(text, at)
        if (length > 0) {
          const emptyLine = !this.wasQuoting && this.fields.length === 0 && this.cell === '' && from === at
          if (!emptyLine) {
            this.cell += text.slice(from, at)
            this.endRecord()
          }
          this.line++
          at += length - 1
          from = at + 1
          this.recordFrom = offset + from
        } else {
          // A line break of another kind than the records': part of the cell.
          if (this.recordLine === 0) this.recordLine = this.line
          if (c === LF || text.charCodeAt(at + 1) !== LF) this.line++
        }
      } else if (this.recordLine === 0) {
        this.recordLine = this.line
      }
    }
    // A line break or escaped quote read at the limit took one character past it.
    const stop = Math.max(from, limit)
    this.cell += text.slice(from, stop)
    this.rest = text.slice(stop)
  }

  /** The length of the record delimiter at `at` (0 when there is none), learning it from the first one. */
  private newlineAt(text: string, at: number): number {
    const c = text.charCodeAt(at)
    if (c !== CR && c !== LF) return 0
    if (this.newline === '') this.newline = c === CR && text.charCodeAt(at + 1) === LF ? '\r\n' : c === CR ? '\r' : '\n'
    if (this.newline === '\r\n') return c === CR && text.charCodeAt(at + 1) === LF ? 2 : 0
    return c === this.newline.charCodeAt(0) ? 1 : 0
  }

  private endRecord(): void {
    this.fields.push(this.cell)
    const fields = this.fields
    const line = this.recordLine
    this.fields = []
    this.cell = ''
    this.wasQuoting = false
    this.recordLine = 0
    this.sink.record(fields, line)
  }
}
