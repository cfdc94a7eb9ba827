// The added cost of the add picker's online search (issue 14), in a real pseudo-terminal
// on a warm embedded database with a local stand-in for Open Library:
// - from the last keystroke of a title the catalogue lacks to the stand-in receiving
//   the search (the pause, 350 ms, plus the catalogue's own search), and to the online
//   rows drawn;
// - how fast a keystroke is echoed while an online search is waiting for a slow answer,
//   next to the same keystroke offline (typing must stay responsive).
//   npm run build && npx tsx bench/picker-online.ts
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packageRoot } from '../src/package-root.js'
import { CatalogueStandIn, PROJECT_HAIL_MARY, PROJECT_HAIL_MARY_WORK } from '../test/helpers/catalogue-stand-in.js'
import { median } from './measure.js'

const RUNS = 10
const BIN = join(packageRoot, 'bin', 'wishlist')
const ROW = 'Project Hail Mary — Andy Weir (2021) · 9780593135204 · Open Library'

const pty = await import('@lydell/node-pty').catch(() => undefined)
if (!pty) {
  console.log('skipped: @lydell/node-pty cannot load here')
  process.exit(0)
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07|\x1b[=>78]/g
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

class Screen {
  output = ''
  private readonly child
  constructor(env: NodeJS.ProcessEnv) {
    this.child = pty!.spawn(process.execPath, [BIN, 'add'], {
      cols: 120,
      rows: 40,
      env: Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined)) as Record<string, string>,
    })
    this.child.onData((data) => (this.output += data))
  }
  /** Sends keys; resolves with the time (performance.now) when `text` appears after them. */
  async send(keys: string, text: string | undefined): Promise<{ sent: number; seen: number }> {
    const mark = this.output.length
    const sent = performance.now()
    this.child.write(keys)
    if (text === undefined) return { sent, seen: sent }
    for (;;) {
      if (this.output.slice(mark).replace(ANSI, '').replace(/\r/g, '').includes(text)) return { sent, seen: performance.now() }
      if (performance.now() - sent > 20_000) throw new Error(`no "${text}" on screen: ${JSON.stringify(this.output.slice(-600))}`)
      await sleep(1)
    }
  }
  kill() {
    this.child.kill()
  }
}

function wishlist(env: NodeJS.ProcessEnv, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')}: ${stderr}`))))
  })
}

const standIn = await CatalogueStandIn.start()
standIn.books.set(PROJECT_HAIL_MARY.isbn, PROJECT_HAIL_MARY.book)
standIn.works.push(PROJECT_HAIL_MARY_WORK)
const scratch = mkdtempSync(join(tmpdir(), 'wishlist-bench-picker-online-'))
const env: NodeJS.ProcessEnv = {
  ...process.env,
  XDG_CONFIG_HOME: join(scratch, 'config'),
  WISHLIST_DATA_DIR: join(scratch, 'data'),
  WISHLIST_CATALOGUE_URL: standIn.url,
  WISHLIST_USER: 'fredr@neighborhood.com',
  WISHLIST_OFFLINE: undefined,
  DATABASE_URL: undefined,
  NO_COLOR: '1',
  TERM: 'xterm-256color',
}
for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
try {
  await wishlist(env, ['db', 'seed', '-q'])
  await wishlist(env, ['books', 'python'])

  // 1. The last keystroke of "hail mary" to the request, and to the rows drawn.
  const screen = new Screen(env)
  await screen.send('', 'Books to add to')
  await sleep(500)
  const toRequest: number[] = []
  const toDrawn: number[] = []
  const requestToDrawn: number[] = []
  for (let run = 0; run < RUNS; run++) {
    await screen.send('\x15', undefined)
    await sleep(400)
    const before = standIn.requests.length
    const arrivals = new Promise<number>((resolve) => {
      const poll = () => (standIn.requests.length > before ? resolve(performance.now()) : setTimeout(poll, 1))
      poll()
    })
    const { sent, seen } = await screen.send(run % 2 === 0 ? 'hail mary' : 'hail mary ', ROW)
    const arrived = await arrivals
    toRequest.push(arrived - sent)
    toDrawn.push(seen - sent)
    requestToDrawn.push(seen - arrived)
  }

  // 2. Echo of a keystroke while an online search waits for a slow answer, and offline.
  const echo = async (screenOf: Screen, slow: boolean): Promise<number[]> => {
    const times: number[] = []
    for (let run = 0; run < RUNS; run++) {
      await screenOf.send('\x15', undefined)
      await sleep(300)
      if (slow) standIn.behaviour = { kind: 'slow', delayMs: 3000 }
      await screenOf.send('hail mar', slow ? 'Searching Open Library…' : 'No books match.')
      // The pause has passed: the search is in flight (or, offline, the line is shown).
      await sleep(600)
      const { sent, seen } = await screenOf.send('y', `Wishlist hail mary\n`)
      times.push(seen - sent)
      standIn.behaviour = { kind: 'ok' }
    }
    return times
  }
  const onlineEcho = await echo(screen, true)
  screen.kill()
  const offlineScreen = new Screen({ ...env, WISHLIST_OFFLINE: '1' })
  await offlineScreen.send('', 'Books to add to')
  await sleep(500)
  const offlineEcho = await echo(offlineScreen, false)
  offlineScreen.kill()

  const ms = (values: number[]) => `${median(values).toFixed(0)} ms`
  console.log(`last keystroke -> search request: ${ms(toRequest)} (the 350 ms pause + the catalogue's search)`)
  console.log(`search request -> online rows drawn: ${ms(requestToDrawn)}`)
  console.log(`last keystroke -> online rows drawn: ${ms(toDrawn)}`)
  console.log(`keystroke echo with an online search in flight: ${ms(onlineEcho)}; offline: ${ms(offlineEcho)}`)
  console.log(`(medians of ${RUNS}; ${standIn.requests.length} requests, ${standIn.requests.filter((request) => request.aborted).length} aborted)`)
} finally {
  await wishlist(env, ['db', 'stop']).catch(() => undefined)
  await standIn.stop()
  rmSync(scratch, { recursive: true, force: true })
}
