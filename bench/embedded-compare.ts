/**
 * The embedded database's start-up and memory, for two builds side by side:
 *
 *   npm run bench:embedded -- --compare /path/to/other/checkout [--runs N]
 *
 * "before" is the other checkout's bin/wishlist (built), "after" this worktree's. Each
 * build gets its own data directory seeded with `wishlist db seed`, and the same
 * numbers are taken in turns (before, after, before, after ...), so the machine's load
 * falls on both alike: cold `show --json` (after `db stop`), warm `show --json`, the
 * idle server's resident memory a few seconds after a show, and the first use of a new
 * data directory (`db info`). `node -e ''` and `calibredb list` (when calibre is
 * installed) are the yardsticks. Medians of N runs (default 10).
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { packageRoot } from '../src/package-root.js'
import { cleanFirstUse, coldJob, firstUseJob, serverRssMb, sleep } from './embedded.js'
import { type Job, interleaved, median, runOrThrow } from './measure.js'

const { values } = parseArgs({
  options: {
    compare: { type: 'string' },
    runs: { type: 'string', default: '10' },
    'idle-seconds': { type: 'string', default: '3' },
  },
})
if (!values.compare) {
  process.stderr.write('usage: npm run bench:embedded -- --compare OTHER_CHECKOUT [--runs N]\n')
  process.exit(2)
}
const runs = Number(values.runs)
const idleMs = Number(values['idle-seconds']) * 1000
const USER = 'ada@example.com'
const work = mkdtempSync(join(tmpdir(), 'wishlist-compare-'))
const log = (line: string) => process.stdout.write(`${line}\n`)
const started: Build[] = []

interface Build {
  name: string
  bin: string
  dataDir: string
  env: NodeJS.ProcessEnv
  show: Job
}

function build(name: string, root: string): Build {
  const home = join(work, name, 'home')
  mkdirSync(home, { recursive: true })
  const dataDir = join(work, name, 'data')
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    WISHLIST_DATA_DIR: dataDir,
    // The servers outlive the pauses between sets; the script stops them.
    WISHLIST_SERVER_IDLE_SECONDS: '3600',
    NO_COLOR: '1',
  }
  for (const unset of ['DATABASE_URL', 'WISHLIST_USER', 'FORCE_COLOR']) delete env[unset]
  const bin = join(root, 'bin', 'wishlist')
  return { name, bin, dataDir, env, show: { argv: [bin, 'show', '--json', '--user', USER], env } }
}

/** A calibre library of as many books as the shown list: the cold target's yardstick. */
function calibreList(books: number, env: NodeJS.ProcessEnv): Job | undefined {
  if (spawnSync('calibredb', ['--version']).status !== 0) return undefined
  const files = join(work, 'calibre-books')
  mkdirSync(files)
  const paths = Array.from({ length: books }, (_, index) => {
    const path = join(files, `Book ${index + 1}.txt`)
    writeFileSync(path, `book ${index + 1}\n`)
    return path
  })
  const library = join(work, 'calibre-library')
  runOrThrow(['calibredb', 'add', '--library-path', library, ...paths], env)
  return { argv: ['calibredb', 'list', '--library-path', library, '--for-machine'], env }
}

async function main() {
  const before = build('before', resolve(values.compare!))
  const after = build('after', packageRoot)
  const builds = [before, after]
  started.push(...builds)
  for (const b of builds) runOrThrow([b.bin, 'db', 'seed'], b.env)
  const listed = JSON.parse(runOrThrow(after.show.argv, after.env)).books.length as number
  const node: Job = { argv: [process.execPath, '-e', ''], env: after.env }
  const calibre = calibreList(listed, after.env)
  log(`wishlist embedded compare: before ${values.compare}, after ${packageRoot}; ${runs} runs, in turns`)
  log(`show --json --user ${USER} (${listed} books)${calibre ? `; calibredb list on a ${listed}-book library` : '; calibre is not installed'}`)

  const yardsticks = calibre ? [node, calibre] : [node]
  log('warm...')
  const warm = interleaved([before.show, after.show, ...yardsticks], runs)
  log('cold...')
  const cold = interleaved([coldJob(before.show, before.bin), coldJob(after.show, after.bin), ...yardsticks], runs)

  log('idle memory...')
  const rss: number[][] = [[], []]
  for (let run = 0; run < runs; run++) {
    for (const b of builds) runOrThrow([b.bin, 'db', 'stop'], b.env)
    for (const b of builds) runOrThrow(b.show.argv, b.env)
    await sleep(idleMs)
    builds.forEach((b, index) => {
      const mb = serverRssMb(b.dataDir)
      if (mb === undefined) throw new Error(`${b.name}: no server running ${idleMs} ms after show`)
      rss[index]!.push(mb)
    })
  }
  for (const b of builds) runOrThrow([b.bin, 'db', 'stop'], b.env)

  log('first use...')
  const fresh = builds.map((b) => firstUseJob(b.bin, b.env, join(work, b.name, 'fresh')))
  let first: number[]
  try {
    first = interleaved(fresh, runs)
  } finally {
    fresh.forEach(cleanFirstUse)
  }

  const nodeMs = warm[2]!
  const rows: string[][] = [['metric', 'before', 'after', 'ratio', 'yardsticks']]
  const row = (metric: string, b: number, a: number, unit: string, note = '') =>
    rows.push([metric, `${b.toFixed(unit === 'MB' ? 1 : 0)} ${unit}`, `${a.toFixed(unit === 'MB' ? 1 : 0)} ${unit}`, `${(a / b).toFixed(2)}x`, note])
  const yard = (set: number[]) => `node -e '' ${set[2]!.toFixed(0)} ms${calibre ? `, calibredb list ${set[3]!.toFixed(0)} ms` : ''}`
  row('cold show --json', cold[0]!, cold[1]!, 'ms', yard(cold))
  row('warm show --json', warm[0]!, warm[1]!, 'ms', `${yard(warm)}; after/node ${(warm[1]! / nodeMs).toFixed(2)}x`)
  row(`idle server RSS (${idleMs / 1000} s after show)`, median(rss[0]!), median(rss[1]!), 'MB')
  row('first use (db info, new dir)', first[0]!, first[1]!, 'ms')
  log('')
  printColumns(rows)
  log('')
  const verdict = (met: boolean | undefined, text: string) => log(`  ${met === undefined ? 'n/a ' : met ? 'met ' : 'NOT '} ${text}`)
  log('Targets, after:')
  verdict(calibre ? cold[1]! < cold[3]! : undefined, `cold show --json faster than calibredb list: ${cold[1]!.toFixed(0)} ms against ${calibre ? cold[3]!.toFixed(0) : '?'} ms`)
  verdict(warm[1]! <= 1.5 * nodeMs, `warm show --json <= 1.5x node -e '': ${(warm[1]! / nodeMs).toFixed(2)}x (${warm[1]!.toFixed(0)} ms against ${nodeMs.toFixed(0)} ms)`)
  verdict(median(rss[1]!) <= 100, `idle server memory <= 100 MB: ${median(rss[1]!).toFixed(0)} MB`)
  verdict(first[1]! < 2000, `first use of a new database < 2 s: ${first[1]!.toFixed(0)} ms`)
  const root = process.getuid?.() === 0
  verdict(root ? true : undefined, root ? 'works as root: every command above succeeded as root' : 'works as root: not running as root')
}

function printColumns(lines: string[][]) {
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => line[column]?.length ?? 0)))
  for (const line of lines) log(line.map((cell, column) => (column < line.length - 1 ? cell.padEnd(widths[column]!) : cell)).join('  '))
}

try {
  await main()
} finally {
  for (const b of started) spawnSync(b.bin, ['db', 'stop'], { env: b.env, stdio: 'ignore' })
  rmSync(work, { recursive: true, force: true })
}
