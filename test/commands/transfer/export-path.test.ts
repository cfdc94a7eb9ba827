import { expect } from 'chai'
import { execFileSync, spawn } from 'node:child_process'
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeEachBackend } from '../../helpers/databases.js'
import { runInProcess } from '../../helpers/run.js'
import { AS_READER, emptyWithReader } from './helpers.js'

const HEADER = 'id,title,author,isbn,publication_date,added_at,position,priority,note'

describeEachBackend('wishlist export -o FILE: the path given', (db) => {
  let dir = ''
  beforeEach(async () => {
    await emptyWithReader(db())
    await runInProcess(db(), ['import', '-', ...AS_READER], { stdin: 'title,author\nDawn,Octavia Butler\n' })
    dir = await mkdtemp(join(tmpdir(), 'wishlist-export-path-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  const exportTo = (path: string) => runInProcess(db(), ['export', '-o', path, ...AS_READER])

  /** One or two lines naming the path given, never a temporary file or a raw errno. */
  function expectUsage(result: { code: number; stderr: string }, code: number, message: string | RegExp): void {
    expect(result.code, result.stderr).to.equal(code)
    if (typeof message === 'string') expect(result.stderr).to.include(message)
    else expect(result.stderr).to.match(message)
    expect(result.stderr).not.to.match(/\.tmp|EBUSY|EACCES|EPERM|EISDIR|ENOENT|ENOTDIR|at .*\.ts/)
    expect(result.stderr.trimEnd().split('\n').length).to.be.at.most(2)
  }

  it('a directory (/, ., or any) is exit 2, saying so; nothing is written', async () => {
    for (const path of ['/', '.', dir, `${dir}/`]) {
      expectUsage(await exportTo(path), 2, `Cannot write ${path}: it is a directory.`)
    }
    expect(await readdir(dir)).to.deep.equal([])
  })

  it('a missing directory or a parent that is a file is exit 2, naming it', async () => {
    const missing = join(dir, 'nope')
    expectUsage(await exportTo(join(missing, 'x.csv')), 2, `Cannot write ${join(missing, 'x.csv')}: directory ${missing} does not exist.`)
    await writeFile(join(dir, 'file'), 'x')
    expectUsage(await exportTo(join(dir, 'file', 'sub', 'x.csv')), 2, `Cannot write ${join(dir, 'file', 'sub', 'x.csv')}: ${join(dir, 'file')} is not a directory.`)
    expectUsage(await exportTo(join(dir, 'new-dir') + '/'), 2, 'no such directory')
  })

  it('an unwritable place says permission denied, naming the path given (root too: /sys, an immutable directory)', async function () {
    // Root bypasses file modes, so use places even root cannot write to.
    expectUsage(await exportTo('/sys/wishlist.csv'), 2, 'Cannot write /sys/wishlist.csv: permission denied (cannot create files in /sys).')
    const locked = join(dir, 'locked')
    await mkdir(locked)
    await writeFile(join(locked, 'list.csv'), 'old\n')
    try {
      execFileSync('chattr', ['+i', locked], { stdio: 'ignore' })
    } catch {
      return this.skip() // a file system without immutable directories
    }
    try {
      expectUsage(await exportTo(join(locked, 'list.csv')), 2, `Cannot write ${join(locked, 'list.csv')}: permission denied`)
      expect(await readFile(join(locked, 'list.csv'), 'utf8')).to.equal('old\n')
      expect(await readdir(locked)).to.deep.equal(['list.csv'])
    } finally {
      execFileSync('chattr', ['-i', locked])
    }
  })

  it('replacing a file keeps its mode', async () => {
    for (const mode of [0o600, 0o640, 0o755]) {
      const file = join(dir, `list-${mode.toString(8)}.csv`)
      await writeFile(file, 'old\n')
      await chmod(file, mode)
      const result = await exportTo(file)
      expect(result.code, result.stderr).to.equal(0)
      expect((await stat(file)).mode & 0o7777, file).to.equal(mode)
      expect((await readFile(file, 'utf8')).split('\n')[0]).to.equal(HEADER)
    }
    // A new file gets the usual mode (0666 less the umask).
    const fresh = join(dir, 'fresh.csv')
    expect((await exportTo(fresh)).code).to.equal(0)
    expect((await stat(fresh)).mode & 0o777).to.equal(0o666 & ~process.umask())
  })

  it('through a symbolic link, the file it points to is replaced and the link stays a link', async () => {
    const real = join(dir, 'real')
    await mkdir(real)
    await writeFile(join(real, 'list.csv'), 'old\n')
    await chmod(join(real, 'list.csv'), 0o600)
    await symlink('real/list.csv', join(dir, 'link.csv'))
    // A chain of links, and a link to a file that does not exist yet.
    await symlink('link.csv', join(dir, 'link-to-link.csv'))
    await symlink(join(real, 'new.csv'), join(dir, 'dangling.csv'))
    for (const name of ['link.csv', 'link-to-link.csv', 'dangling.csv']) {
      const result = await exportTo(join(dir, name))
      expect(result.code, result.stderr).to.equal(0)
      expect((await lstat(join(dir, name))).isSymbolicLink(), name).to.equal(true)
    }
    expect(await readlink(join(dir, 'link.csv'))).to.equal('real/list.csv')
    expect((await readFile(join(real, 'list.csv'), 'utf8')).split('\n')[0]).to.equal(HEADER)
    expect((await readFile(join(real, 'new.csv'), 'utf8')).split('\n')[0]).to.equal(HEADER)
    expect((await stat(join(real, 'list.csv'))).mode & 0o777).to.equal(0o600)
    expect((await readdir(real)).sort()).to.deep.equal(['list.csv', 'new.csv'])
    expect((await readdir(dir)).sort()).to.deep.equal(['dangling.csv', 'link-to-link.csv', 'link.csv', 'real'])
  })

  it('a named pipe is written into, not replaced by a file', async () => {
    const fifo = join(dir, 'pipe')
    execFileSync('mkfifo', [fifo])
    const reader = spawn('cat', [fifo])
    let read = ''
    reader.stdout.on('data', (chunk) => (read += chunk))
    const closed = new Promise((resolve) => reader.on('close', resolve))
    const result = await exportTo(fifo)
    if (!(await lstat(fifo)).isFIFO()) reader.kill()
    await closed
    expect(result.code, result.stderr).to.equal(0)
    expect((await lstat(fifo)).isFIFO()).to.equal(true)
    expect(read.split('\n')[0]).to.equal(HEADER)
  })
})
