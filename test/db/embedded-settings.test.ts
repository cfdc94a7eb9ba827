import { expect } from 'chai'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ENGINES } from '../../src/db/embedded/engine.js'
import { TEST_ENV, stopEmbeddedServer } from '../helpers/databases.js'
import { skipUnlessEngineRuns } from '../helpers/engines.js'
import { runBinary } from '../helpers/run.js'

// The settings both engines run with, as the database itself reports them: commits
// flushed to disk (embedded-durability.test.ts watches the flushes themselves) and a
// small buffer pool, so that the idle server stays small (docs/performance.md).
const EXPECTED = { fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on', shared_buffers: '16MB' }


for (const engine of ENGINES) {
  describe(`the embedded database's settings (${engine})`, function () {
    this.timeout(120_000)
    let scratch: string
    before(async function () {
      skipUnlessEngineRuns(this, engine, 'this process')
      scratch = await mkdtemp(join(tmpdir(), 'wishlist-settings-'))
    })
    after(async () => {
      if (!scratch) return
      await stopEmbeddedServer(join(scratch, 'data'))
      await rm(scratch, { recursive: true, force: true })
    })

    it('flush commits to disk and keep 16 MB of shared buffers', async () => {
      const sql = Object.keys(EXPECTED).map((name) => `select '${name}' as name, current_setting('${name}') as value;`).join('\n')
      const env = { ...TEST_ENV, WISHLIST_DATA_DIR: join(scratch, 'data'), WISHLIST_EMBEDDED_ENGINE: engine }
      const shell = await runBinary(undefined, ['db', 'shell'], { env, stdin: `${sql}\n` })
      expect(shell.code, shell.stderr).to.equal(0)
      for (const [name, value] of Object.entries(EXPECTED)) expect(shell.stdout, name).to.match(new RegExp(`${name}\\s+${value}\\b`))
    })
  })
}
