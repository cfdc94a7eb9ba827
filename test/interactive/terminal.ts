import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { IPty } from '@lydell/node-pty'
import xterm from '@xterm/headless'
import type { TestDatabase } from '../helpers/databases.js'
import { BIN } from '../helpers/run.js'

// The pseudo-terminal is an optional native module (prebuilt for the common platforms):
// a clone installed where it cannot load still runs the rest of the suite. Under
// CI=true its absence is a failure, so CI always drives the real terminal.
const pty = await import('@lydell/node-pty').catch((error: unknown) => {
  if (process.env.CI === 'true') throw new Error(`CI=true and the pseudo-terminal module cannot load: ${error}`)
  return undefined
})
let noted = false

/** Call in a suite's `before`: skips it, with a one-line note, when there is no pty. */
export function requirePty(context: Mocha.Context): void {
  if (pty) return
  if (!noted) console.warn('    (skipped: @lydell/node-pty cannot load here, so no pseudo-terminal tests)')
  noted = true
  context.skip()
}

/** `it` for a test that needs a pseudo-terminal, in a suite whose other tests do not. */
export function itWithPty(title: string, test: (this: Mocha.Context) => Promise<void>): void {
  it(title, async function () {
    requirePty(this)
    await test.call(this)
  })
}

export const KEYS = {
  enter: '\r',
  tab: '\t',
  up: '\x1b[A',
  down: '\x1b[B',
  escape: '\x1b',
  ctrlC: '\x03',
  ctrlU: '\x15',
} as const

/**
 * The built bin/wishlist in a real pseudo-terminal. Tests wait for text to appear
 * (with a timeout), never for a fixed time: `waitFor` looks only at output that came
 * after the last keys were sent, so an old rendering of the screen cannot satisfy it.
 */
export class Terminal {
  private output = ''
  private mark = 0
  private readonly exited: Promise<{ exitCode: number; signal?: number }>

  // A terminal emulator fed the same bytes (it reflows on resize like most terminals),
  // for what the screen shows now rather than everything ever written.
  private readonly emulator: InstanceType<typeof xterm.Terminal>

  private constructor(private readonly child: IPty, cols: number, rows: number) {
    this.emulator = new xterm.Terminal({ cols, rows, allowProposedApi: true })
    child.onData((data) => {
      this.output += data
      this.emulator.write(data)
    })
    this.exited = new Promise((resolve) => child.onExit(resolve))
  }

  /** `size`: the terminal's columns and rows (default 120x40). */
  static spawn(db: TestDatabase, args: string[], env: Record<string, string> = {}, size: { cols?: number; rows?: number } = {}): Terminal {
    const environment: Record<string, string | undefined> = {
      ...process.env,
      DATABASE_URL: undefined,
      WISHLIST_DATA_DIR: undefined,
      WISHLIST_USER: undefined,
      FORCE_COLOR: undefined,
      XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'wishlist-pty-config-')),
      TERM: 'xterm-256color',
      // No pager unless a test asks for one (test/interactive/pager.test.ts): a long
      // table would otherwise wait in less for a key.
      WISHLIST_PAGER: 'cat',
      ...db.env,
      ...env,
    }
    if (!pty) throw new Error('no pseudo-terminal module: call requirePty(this) in the suite\'s before hook')
    const cols = size.cols ?? 120
    const rows = size.rows ?? 40
    const child = pty.spawn(process.execPath, [BIN, ...args], {
      cols,
      rows,
      env: Object.fromEntries(Object.entries(environment).filter(([, value]) => value !== undefined)) as Record<
        string,
        string
      >,
    })
    return new Terminal(child, cols, rows)
  }

  /** Everything written so far, without colours and cursor movements. */
  get screen(): string {
    return plain(this.output)
  }

  /** Every byte written so far, escape sequences and all (what the terminal acted on). */
  get raw(): string {
    return this.output
  }

  /** Output since the last keys were sent. */
  get recent(): string {
    return plain(this.output.slice(this.mark))
  }

  /** Sends keys (text or KEYS.*) in one write, as a quick typist or a paste would. */
  send(...keys: string[]): void {
    this.mark = this.output.length
    this.child.write(keys.join(''))
  }

  async waitFor(expected: string | RegExp, timeoutMs = 20_000): Promise<void> {
    const found = () => (typeof expected === 'string' ? this.recent.includes(expected) : expected.test(this.recent))
    const deadline = Date.now() + timeoutMs
    while (!found()) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${expected}; the terminal shows:\n${this.recent.slice(-3000)}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  /** Waits for the process to end and gives its exit code. */
  async exit(timeoutMs = 20_000): Promise<number> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still running; the terminal shows:\n${this.recent.slice(-3000)}`)), timeoutMs)
    })
    try {
      const { exitCode } = await Promise.race([this.exited, timeout])
      return exitCode
    } finally {
      clearTimeout(timer)
    }
  }

  /** Resizes the terminal, as a user dragging the window would (the process gets SIGWINCH). */
  resize(cols: number, rows = 40): void {
    this.mark = this.output.length
    this.emulator.resize(cols, rows)
    this.child.resize(cols, rows)
  }

  /** How many rows of the screen are the continuation of a line too long for it. */
  async wrappedRows(): Promise<number> {
    await new Promise<void>((resolve) => this.emulator.write('', resolve))
    const buffer = this.emulator.buffer.active
    let wrapped = 0
    for (let row = 0; row < buffer.length; row++) if (buffer.getLine(row)?.isWrapped) wrapped++
    return wrapped
  }

  /** The rows the screen shows now (as a terminal emulator draws them), right-trimmed. */
  async visible(): Promise<string[]> {
    await new Promise<void>((resolve) => this.emulator.write('', resolve))
    const buffer = this.emulator.buffer.active
    const lines: string[] = []
    for (let row = 0; row < this.emulator.rows; row++) lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '')
    return lines
  }

  kill(): void {
    this.emulator.dispose()
    try {
      this.child.kill()
    } catch {
      // already gone
    }
  }
}

// CSI and OSC sequences, and the bare escapes Inquirer uses to move the cursor.
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[=>78]/g

/** How many columns a line of plain text takes (wide characters two). */
export function displayWidth(line: string): number {
  let width = 0
  for (const char of line) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u.test(char) ? 2 : 1
  return width
}

export function plain(text: string): string {
  return text.replace(ANSI, '').replace(/\r/g, '')
}
