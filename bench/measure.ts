import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** One command line to time, with the environment that picks its backend. */
export interface Job {
  argv: string[]
  env: NodeJS.ProcessEnv
  /** Run before every timed run, untimed (e.g. take back what `add` added). */
  prepare?: string[]
}

export interface Timing {
  medianMs: number
  /** user + system CPU per run (mean): steadier than wall time on a busy machine. */
  cpuMs?: number
  peakMb?: number
}

export type Result = Timing | { error: string }

const hasHyperfine = spawnSync('hyperfine', ['--version']).status === 0
const TIME = '/usr/bin/time'
const hasTime = existsSync(TIME)

/**
 * Variables that change what Node.js does at every start, whatever it runs: the
 * machine this bench was written on had NODE_EXTRA_CA_CERTS set for everyone, which
 * makes every `node` process parse a CA bundle first (`node -e ''` 65 ms instead of
 * 23 ms). They are taken out of this process's environment, which every timed command
 * inherits, so the "x node" ratios compare the program, not the machine's settings.
 */
export function leanNodeEnvironment(log: (line: string) => void): void {
  const dropped = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'].filter((name) => process.env[name] !== undefined)
  for (const name of dropped) delete process.env[name]
  if (dropped.length > 0) log(`timed without ${dropped.join(' and ')} (they slow every Node.js start; see bench/measure.ts)`)
}

export const timerName = hasHyperfine ? 'hyperfine' : 'process.hrtime loop'

/**
 * Median wall time over `runs` runs and peak memory (max RSS over `memoryRuns` runs).
 * The first run checks the command and warms caches; a command that fails it is not
 * timed: the result says why instead.
 */
export function measure(job: Job, runs: number, memoryRuns = 3): Result {
  if (job.prepare) runOrThrow(job.prepare, job.env)
  const first = spawnSync(job.argv[0]!, job.argv.slice(1), { env: job.env, encoding: 'utf8' })
  if (first.status !== 0) {
    const line = (first.stderr || first.error?.message || `exit ${first.status}`).trim().split('\n')[0]
    return { error: `command failed: ${line}` }
  }
  let timing: Timing
  try {
    timing = hasHyperfine ? withHyperfine(job, runs) : withLoop(job, runs)
  } catch {
    return { error: `failed while timed: ${failureOf(job)}` }
  }
  return { ...timing, peakMb: memoryRuns > 0 ? peakMemoryMb(job, memoryRuns) : undefined }
}

/** The first line of stderr of a failing run, for a command that fails only sometimes. */
function failureOf(job: Job): string {
  for (let run = 0; run < 20; run++) {
    if (job.prepare) runOrThrow(job.prepare, job.env)
    const result = spawnSync(job.argv[0]!, job.argv.slice(1), { env: job.env, encoding: 'utf8' })
    if (result.status !== 0) return `exit ${result.status}: ${result.stderr.trim().split('\n')[0]}`
  }
  return 'one run in hyperfine failed; 20 more did not'
}

function withHyperfine(job: Job, runs: number): Timing {
  const dir = mkdtempSync(join(tmpdir(), 'wishlist-bench-'))
  try {
    const out = join(dir, 'result.json')
    // -N: no intermediate shell, so the shell's own start-up is not counted.
    const args = ['-N', '--runs', String(runs), '--export-json', out]
    if (job.prepare) args.push('--prepare', shellJoin(job.prepare))
    runOrThrow(['hyperfine', ...args, shellJoin(job.argv)], job.env)
    const [result] = JSON.parse(readFileSync(out, 'utf8')).results
    return { medianMs: result.median * 1000, cpuMs: (result.user + result.system) * 1000 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Medians of several commands run in turns (A B A B ...), for ratios that the machine's
 * drift over a run cannot skew: each command sees the same moments of load. Each
 * command runs once first, untimed, and must succeed.
 */
export function interleaved(jobs: Job[], runs: number): number[] {
  const times = jobs.map(() => [] as number[])
  for (let run = -1; run < runs; run++) {
    jobs.forEach((job, index) => {
      if (job.prepare) runOrThrow(job.prepare, job.env)
      const started = process.hrtime.bigint()
      const { status, stderr } = spawnSync(job.argv[0]!, job.argv.slice(1), { env: job.env, encoding: 'utf8' })
      if (status !== 0) throw new Error(`${job.argv.join(' ')}: exit ${status}: ${stderr.trim().split('\n')[0]}`)
      if (run >= 0) times[index]!.push(Number(process.hrtime.bigint() - started) / 1e6)
    })
  }
  return times.map(median)
}

/** Without hyperfine: the same spawn-and-time loop the interleaved runs use. */
function withLoop(job: Job, runs: number): Timing {
  return { medianMs: interleaved([job], runs)[0]! }
}

/** Max resident set size of the command's own process (GNU time %M). */
function peakMemoryMb(job: Job, runs: number): number | undefined {
  if (!hasTime) return undefined
  const dir = mkdtempSync(join(tmpdir(), 'wishlist-bench-'))
  try {
    let peakKb = 0
    for (let run = 0; run < runs; run++) {
      if (job.prepare) runOrThrow(job.prepare, job.env)
      const out = join(dir, 'rss')
      spawnSync(TIME, ['-f', '%M', '-o', out, ...job.argv], { env: job.env, stdio: 'ignore' })
      peakKb = Math.max(peakKb, Number(readFileSync(out, 'utf8').trim().split('\n').at(-1)))
    }
    return peakKb / 1024
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export function runOrThrow(argv: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8', maxBuffer: 64 << 20 })
  if (result.status !== 0) {
    throw new Error(`${argv.join(' ')} failed: ${(result.stderr || result.error?.message || '').trim()}`)
  }
  return result.stdout
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Quotes arguments for hyperfine's shell-words splitting (POSIX rules). */
function shellJoin(argv: string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`)).join(' ')
}
