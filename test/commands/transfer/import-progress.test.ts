import { expect } from 'chai'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { goodreadsCsv } from '../../../bench/goodreads-data.js'
import { describeEachBackend } from '../../helpers/databases.js'
import { Terminal, requirePty } from '../../interactive/terminal.js'
import { AS_READER, emptyWithReader } from './helpers.js'

/** New books enough that creating them and listing them each take a visible while. */
const ROWS = 20_000

describeEachBackend('import progress in a terminal', (db) => {
  before(function () {
    requirePty(this)
  })
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wishlist-progress-'))
    await writeFile(join(dir, 'big.csv'), goodreadsCsv(ROWS))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('shows the bar and the time while reading, then each step after the file is read', async function () {
    this.timeout(120_000)
    await emptyWithReader(db())
    const term = Terminal.spawn(db(), ['import', join(dir, 'big.csv'), '--format', 'goodreads', '-l', 'Big', '--create', ...AS_READER])
    try {
      await term.waitFor(/Importing .* \d+% of \d+\.\d MB · \d+s/, 60_000)
      await term.waitFor('100% of', 60_000)
      await term.waitFor('· putting the books on the list', 60_000)
      await term.waitFor(`${ROWS} added to the list`, 60_000)
      expect(await term.exit()).to.equal(0)
    } finally {
      term.kill()
    }
    // The two long steps, in order (the bar redraws every 100 ms; matching an empty
    // catalogue can be over before the next redraw).
    const steps = ['adding new books to the catalogue', 'putting the books on the list']
    const shown = steps.map((step) => term.screen.indexOf(`· ${step}`))
    expect(shown.every((at) => at >= 0), `steps shown: ${shown}`).to.equal(true)
    expect([...shown].sort((a, b) => a - b)).to.deep.equal(shown)
  })
})
