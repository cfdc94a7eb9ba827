import { spawn } from 'node:child_process'
import { PassThrough, Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { runCli } from '../../src/cli.js'
import type { Prompter } from '../../src/prompter.js'
import type { TestDatabase } from './databases.js'

export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

export interface RunOptions {
  stdin?: string
  /** Pretend stdout (and stdin) are terminals, for in-process runs. */
  tty?: boolean
  env?: Record<string, string | undefined>
  prompter?: Prompter
  columns?: number
  /** Run as this local account (runuser; root only), with its own HOME. */
  user?: string
}

export const BIN = fileURLToPath(new URL('../../bin/wishlist', import.meta.url))

/** Runs the CLI in this process with in-memory streams. */
export async function runInProcess(db: TestDatabase, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = Object.assign(new PassThrough(), { isTTY: options.tty ?? false, columns: options.columns ?? 100 })
  const stderr = Object.assign(new PassThrough(), { isTTY: options.tty ?? false })
  const stdin = Object.assign(Readable.from([options.stdin ?? '']), { isTTY: options.tty ?? false })
  const out: Buffer[] = []
  const err: Buffer[] = []
  stdout.on('data', (chunk) => out.push(chunk))
  stderr.on('data', (chunk) => err.push(chunk))
  const code = await runCli({
    argv: ['node', 'wishlist', ...args],
    env: { ...isolatedEnv(), ...db.env, ...options.env },
    stdin,
    stdout,
    stderr,
    prompter: options.prompter,
  })
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }
}

/** Runs the built bin/wishlist as a child process, with pipes (never a terminal). */
export function runBinary(db: TestDatabase | undefined, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const command = options.user ? ['runuser', '-u', options.user, '--', process.execPath] : [process.execPath]
    const child = spawn(command[0], [...command.slice(1), BIN, ...args], {
      env: definedOnly({ ...process.env, ...isolatedEnv(), ...db?.env, ...options.env }),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
    child.stdin.end(options.stdin ?? '')
  })
}

/** Keeps a developer's own config, user and database out of the tests. */
function isolatedEnv(): Record<string, string | undefined> {
  return {
    DATABASE_URL: undefined,
    WISHLIST_DATA_DIR: undefined,
    WISHLIST_USER: undefined,
    XDG_CONFIG_HOME: '/nonexistent/wishlist-test-config',
    FORCE_COLOR: undefined,
    // No test reaches the internet; the catalogue tests override both.
    WISHLIST_OFFLINE: '1',
    WISHLIST_CATALOGUE_URL: undefined,
  }
}

function definedOnly(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined))
}
