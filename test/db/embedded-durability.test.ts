import { expect } from 'chai'
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ENGINES } from '../../src/db/embedded/engine.js'
import { embeddedPaths } from '../../src/db/embedded/paths.js'
import { TEST_ENV, stopEmbeddedServer } from '../helpers/databases.js'
import { skipUnlessEngineRuns } from '../helpers/engines.js'
import { runBinary } from '../helpers/run.js'

// A commit is on the disk before the command says it is done, on every engine: the
// process that writes the WAL calls fsync(2) or fdatasync(2) on it. PGlite's defaults
// never do (src/db/embedded/durable-fs.ts), which no test that only kills processes
// can see: the kernel keeps the writes of a killed process. So the system calls are
// watched, with strace attached to the process that commits (the PGlite server, or
// the native postmaster, whose new backends strace -f follows).

const hasStrace = spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0

/**
 * strace on `pid` (and what it forks from now on), logging the sync calls with their
 * files. Skips the test, with a note, where this process may not trace (a container
 * without ptrace).
 */
async function watchSyncs(test: Mocha.Context, pid: number, log: string): Promise<{ stop(): Promise<string[]> }> {
  try {
    return await startStrace(pid, log)
  } catch (error) {
    if (!/Operation not permitted/.test((error as Error).message)) throw error
    console.warn(`    (skipped: ${(error as Error).message})`)
    return test.skip()
  }
}

async function startStrace(pid: number, log: string): Promise<{ stop(): Promise<string[]> }> {
  const child: ChildProcess = spawn('strace', ['-f', '--seccomp-bpf', '-y', '-e', 'trace=fsync,fdatasync', '-o', log, '-p', String(pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  await new Promise<void>((resolve, reject) => {
    child.stderr!.on('data', (chunk) => {
      stderr += chunk
      if (/attached/.test(stderr)) resolve()
    })
    child.on('exit', () => reject(new Error(`strace could not attach to ${pid}: ${stderr.trim()}`)))
  })
  return {
    async stop() {
      // strace ends by itself when its process does (db stop).
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.on('exit', resolve))
        child.kill('SIGINT')
        await exited
      }
      return readFileSync(log, 'utf8').split('\n').filter((line) => /\b(fsync|fdatasync)\(/.test(line))
    },
  }
}

for (const engine of ENGINES) {
  describe(`a commit on the embedded database (${engine})`, function () {
    this.timeout(120_000)
    let scratch: string
    let dataDir: string
    const env = () => ({ ...TEST_ENV, WISHLIST_DATA_DIR: dataDir, WISHLIST_EMBEDDED_ENGINE: engine, WISHLIST_USER: 'ada@example.com' })

    before(function () {
      if (!hasStrace) {
        console.warn('    (skipped: strace is not installed; .ci/run installs it)')
        this.skip()
      }
      skipUnlessEngineRuns(this, engine, 'this process')
    })
    beforeEach(async () => {
      scratch = await mkdtemp(join(tmpdir(), 'wishlist-durable-'))
      dataDir = join(scratch, 'data')
    })
    afterEach(async () => {
      await stopEmbeddedServer(dataDir)
      await rm(scratch, { recursive: true, force: true })
    })

    it('is flushed to disk (fsync of the WAL) before the command says it is done', async function () {
      expect((await runBinary(undefined, ['users', 'add', '--email', 'ada@example.com'], { env: env() })).code).to.equal(0)
      expect((await runBinary(undefined, ['books', 'add', '--title', 'A durable title'], { env: env() })).code).to.equal(0)
      const paths = embeddedPaths(dataDir)
      // PGlite runs inside the server process; native PostgreSQL's postmaster is its child.
      const committer = Number(readFileSync(engine === 'pglite' ? paths.pidFile : join(paths.pgdata, 'postmaster.pid'), 'utf8').split('\n')[0])
      const watch = await watchSyncs(this, committer, join(scratch, 'strace.log'))
      const added = await runBinary(undefined, ['add', 'A durable title', '-l', 'Kept', '--create'], { env: env() })
      const syncs = await watch.stop()
      expect(added.code, added.stderr).to.equal(0)
      const walSyncs = syncs.filter((line) => line.includes(`${join(paths.pgdata, 'pg_wal')}/`))
      expect(walSyncs, syncs.join('\n')).to.not.be.empty
      expect(walSyncs.every((line) => / = 0$/.test(line)), walSyncs.join('\n')).to.equal(true)
    })

    if (engine === 'pglite') {
      it('flushes the data files at a checkpoint (db stop)', async function () {
        expect((await runBinary(undefined, ['users', 'add', '--email', 'ada@example.com'], { env: env() })).code).to.equal(0)
        const paths = embeddedPaths(dataDir)
        const server = Number(readFileSync(paths.pidFile, 'utf8').split('\n')[0])
        const watch = await watchSyncs(this, server, join(scratch, 'strace.log'))
        const stopped = await runBinary(undefined, ['db', 'stop'], { env: env() })
        expect(stopped.code, stopped.stderr).to.equal(0)
        const syncs = await watch.stop()
        expect(syncs.filter((line) => line.includes(`${join(paths.pgdata, 'base')}/`)), syncs.join('\n')).to.not.be.empty
      })
    }
  })
}
