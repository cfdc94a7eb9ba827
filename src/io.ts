import { Chalk, type ChalkInstance } from 'chalk'

/** The streams a command reads and writes, and what they are connected to. */
export interface IO {
  stdin: NodeJS.ReadableStream
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  stdinIsTTY: boolean
  stdoutIsTTY: boolean
  stderrIsTTY: boolean
  /** Width of the terminal on stdout (80 when unknown). */
  columns: number
  colorEnabled: boolean
  /** chalk, switched on or off for this run. */
  color: ChalkInstance
  /** --json FIELDS: what printJson keeps of each shape (src/output/json-fields.ts). */
  jsonSelect?: (data: unknown) => unknown
}

type Env = Record<string, string | undefined>

export interface IOOptions {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
  env: Env
  /** false when --no-color was given. */
  color: boolean
}

export function createIO(options: IOOptions): IO {
  const stdoutIsTTY = options.stdout.isTTY === true
  const colorEnabled = colorWanted(options.env, options.color, stdoutIsTTY)
  return {
    stdin: options.stdin,
    stdout: options.stdout,
    stderr: options.stderr,
    stdinIsTTY: options.stdin.isTTY === true,
    stdoutIsTTY,
    stderrIsTTY: options.stderr.isTTY === true,
    columns: options.stdout.columns || Number(options.env.COLUMNS) || 80,
    colorEnabled,
    color: new Chalk({ level: colorEnabled ? 1 : 0 }),
  }
}

/** NO_COLOR, --no-color and TERM=dumb turn colour off; FORCE_COLOR turns it on. */
export function colorWanted(env: Env, flag: boolean, stdoutIsTTY: boolean): boolean {
  if (!flag) return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.TERM === 'dumb') return false
  return stdoutIsTTY
}
