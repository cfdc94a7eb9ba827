// The time of `wishlist add ISBN` that fetches the book from a local stand-in for Open
// Library, next to the same add of a book already in the catalogue: the built binary,
// median of 10 runs each, on a warm embedded database and on the server
// (postgres://postgres@127.0.0.1:5432, or $WISHLIST_TEST_SERVER).
//   npm run build && npx tsx bench/add-online.ts
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import knexFactory from 'knex'
import '../src/db/pg-driver.js'
import { packageRoot } from '../src/package-root.js'
import { catalogue } from '../seeds/data/catalogue.js'
import { CatalogueStandIn, madeUpIsbn } from '../test/helpers/catalogue-stand-in.js'
import { median } from './measure.js'

const RUNS = 10
const FRED = 'fredr@neighborhood.com'
const BIN = join(packageRoot, 'bin', 'wishlist')
const SERVER = process.env.WISHLIST_TEST_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** Runs the binary (asynchronously: the stand-in answers in this process); its time in ms. */
function wishlist(env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  const start = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - start) : reject(new Error(`${args.join(' ')}: ${stderr}`))))
  })
}

const standIn = await CatalogueStandIn.start()
standIn.knowsEverything = true
const scratch = mkdtempSync(join(tmpdir(), 'wishlist-bench-online-'))
const database = `wishlist_bench_online_${process.pid}`
const admin = knexFactory({ client: 'pg', connection: SERVER })
await admin.raw(`create database ${database}`)
const serverUrl = new URL(SERVER)
serverUrl.pathname = `/${database}`
const base: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: join(scratch, 'config'), WISHLIST_CATALOGUE_URL: standIn.url, WISHLIST_USER: FRED }
delete base.WISHLIST_OFFLINE
const backends: [string, NodeJS.ProcessEnv][] = [
  ['embedded', { ...base, WISHLIST_DATA_DIR: join(scratch, 'data'), DATABASE_URL: undefined }],
  ['server', { ...base, DATABASE_URL: serverUrl.toString() }],
]
try {
  for (const [name, env] of backends) {
    for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
    if (name === 'server') await wishlist(env, ['db', 'migrate'])
    await wishlist(env, ['db', 'seed', '-q'])
    await wishlist(env, ['books', 'python']) // a warm embedded server, a warm page cache
    const times = { fetched: [] as number[], known: [] as number[] }
    standIn.requests.length = 0
    for (let run = 0; run < RUNS; run++) {
      times.fetched.push(await wishlist(env, ['add', madeUpIsbn(500 + run), '-q']))
      times.known.push(await wishlist(env, ['add', catalogue[60 + run]!.isbn, '-q']))
    }
    console.log(
      `${name}: add fetching one ISBN ${median(times.fetched).toFixed(0)} ms, add of a book in the catalogue ${median(times.known).toFixed(0)} ms (medians of ${RUNS}; ${standIn.requests.length} requests)`,
    )
  }
} finally {
  await wishlist(backends[0]![1], ['db', 'stop']).catch(() => undefined)
  await admin.raw(`drop database if exists ${database} with (force)`)
  await admin.destroy()
  await standIn.stop()
  rmSync(scratch, { recursive: true, force: true })
}
