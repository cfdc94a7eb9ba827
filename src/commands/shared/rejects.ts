import { stringify } from 'csv-stringify/sync'
import type { ImportReader, Reject } from '../../domain/transfer/parse.js'
import { jsonText } from '../../output/safe-text.js'
import type { OutputStream } from './output-file.js'

/**
 * --rejects FILE: the rows an import left out, in the input's own format with a
 * "reason" column (CSV, TSV) or key (JSON) added, so they can be fixed and imported
 * again. Written as the file is read: rejects wait here only until the next piece.
 */
export class RejectsWriter {
  private pending: Reject[] = []
  private started = false
  private written = 0
  /** JSON entries written so far (each after the first is preceded by a comma). */
  private entries = 0

  constructor(
    private readonly out: OutputStream,
    private readonly reader: () => ImportReader,
  ) {}

  get count(): number {
    return this.written + this.pending.length
  }

  add(reject: Reject): void {
    this.pending.push(reject)
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return
    const rejects = this.pending
    this.pending = []
    let text = this.start()
    for (const reject of rejects) text += this.entry(reject)
    this.written += rejects.length
    await this.out.write(text)
  }

  /** Writes what is left and the end, and puts the file in place. */
  async finish(): Promise<void> {
    await this.flush()
    await this.out.write(this.start() + this.end())
    await this.out.commit()
  }

  abort(): Promise<void> {
    return this.out.abort()
  }

  private get json(): boolean {
    return this.reader().jsonShape !== undefined || this.reader().header === undefined
  }

  private start(): string {
    if (this.started) return ''
    this.started = true
    const reader = this.reader()
    if (this.json) return reader.jsonShape === 'object' ? '{' : '['
    return this.line([...reader.header!, 'reason'])
  }

  private end(): string {
    if (!this.json) return ''
    const close = this.reader().jsonShape === 'object' ? '}' : ']'
    return `${this.entries > 0 ? '\n' : ''}${close}\n`
  }

  private entry(reject: Reject): string {
    if (!this.json) {
      // A record that could not be read (a quote never closed) has no fields to give back.
      if (!reject.fields) return ''
      return this.line([...reject.fields, reject.reason])
    }
    const separator = this.entries > 0 ? ',\n' : '\n'
    this.entries += 1
    const item = reject.item
    const value = item && typeof item === 'object' && !Array.isArray(item) ? { ...item, reason: reject.reason } : { value: item, reason: reject.reason }
    const json = jsonText(value).trimEnd()
    return `${separator}${reject.key !== undefined ? `${JSON.stringify(reject.key)}: ` : ''}${json}`
  }

  private line(cells: string[]): string {
    const { delimiter } = this.reader()
    // LibraryThing's TSV is never quoted (its reader takes quotes as text): cells hold no tab or line break.
    if (delimiter === '\t') return `${cells.map((cell) => cell.replace(/[\t\r\n]+/g, ' ')).join('\t')}\n`
    return stringify([cells])
  }
}
