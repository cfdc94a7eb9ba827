import { execFile } from 'node:child_process'
import { chmod, cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect } from 'chai'
import { BIN } from '../helpers/run.js'

const run = promisify(execFile)
const root = join(BIN, '..', '..')

/**
 * bin/wishlist runs the bundle from the V8 code cache the build leaves beside it
 * (docs/performance.md). Each test works on a copy of the launcher and the bundle, so
 * the real build's cache is never touched.
 */
describe('the launcher and its code cache', () => {
  let copy: string
  let cache: string
  const help = () => run(process.execPath, [join(copy, 'bin', 'wishlist'), '--help'], { env: { ...process.env, NODE_OPTIONS: '' } })

  beforeEach(async () => {
    copy = await mkdtemp(join(tmpdir(), 'wishlist-launcher-'))
    for (const part of ['bin', 'package.json', join('dist', 'bundle')]) await cp(join(root, part), join(copy, part), { recursive: true })
    cache = join(copy, 'dist', 'bundle', 'wishlist.cjs.cache')
  })

  afterEach(async () => {
    await chmod(join(copy, 'dist', 'bundle'), 0o755)
    await rm(copy, { recursive: true, force: true })
  })

  it('uses the cache the build made, without rewriting it', async () => {
    const before = await stat(cache)
    const { stdout } = await help()
    expect(stdout).to.match(/^Usage: wishlist/)
    expect((await stat(cache)).mtimeMs).to.equal(before.mtimeMs)
  })

  it('runs without a cache and leaves one for the next run', async () => {
    await rm(cache)
    expect((await help()).stdout).to.match(/^Usage: wishlist/)
    expect((await stat(cache)).size).to.be.greaterThan(10_000)
  })

  it('replaces a cache V8 rejects (another Node.js version, or a damaged file)', async () => {
    await writeFile(cache, 'not a code cache')
    expect((await help()).stdout).to.match(/^Usage: wishlist/)
    expect((await readFile(cache)).length).to.be.greaterThan(10_000)
  })

  it('still runs when it cannot write its cache (a read-only installation)', async () => {
    if (process.getuid?.() === 0) {
      // root writes anywhere: a directory in place of the cache file makes the rename fail.
      await rm(cache)
      await cp(join(copy, 'bin'), cache, { recursive: true })
    } else {
      await rm(cache)
      await chmod(join(copy, 'dist', 'bundle'), 0o555)
    }
    expect((await help()).stdout).to.match(/^Usage: wishlist/)
  })

  it('answers --version from package.json without loading the bundle', async () => {
    await writeFile(join(copy, 'dist', 'bundle', 'wishlist.cjs'), 'throw new Error("the bundle was loaded")')
    const { stdout } = await run(process.execPath, [join(copy, 'bin', 'wishlist'), '--version'])
    const { version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
    expect(stdout).to.equal(`${version}\n`)
  })
})
