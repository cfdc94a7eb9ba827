import { spawnSync } from 'node:child_process'
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { type TestDatabase, createTestDatabase, describeEachBackend, serverIsAvailable } from '../helpers/databases.js'
import { runBinary } from '../helpers/run.js'
import { KEYS, Terminal, itWithPty } from '../interactive/terminal.js'

/** No psql on the PATH: a server gets the built-in prompt too. */
const NO_PSQL = { PATH: '/nonexistent' }
const CTRL_D = '\x04'

describeEachBackend('wishlist db shell, built in', (db) => {
  let terminal: Terminal | undefined
  afterEach(() => terminal?.kill())
  const titled = async (pattern: string) =>
    Number((await db().knex('books').whereLike('title', pattern).count({ n: '*' }))[0]!.n)

  itWithPty('Ctrl-C throws away an unfinished statement and keeps the prompt, as psql does', async () => {
    terminal = Terminal.spawn(db(), ['db', 'shell'], NO_PSQL)
    await terminal.waitFor('wishlist=> ')
    terminal.send("insert into books (title) values ('Ctrl-C book')", KEYS.enter)
    await terminal.waitFor('wishlist-> ')
    terminal.send('; -- half', KEYS.ctrlC)
    await terminal.waitFor('wishlist=> ')
    terminal.send('select 41 + 1;', KEYS.enter)
    await terminal.waitFor('(SELECT 1)')
    expect(terminal.recent).to.include(' 42 ')
    terminal.send('\\q', KEYS.enter)
    expect(await terminal.exit()).to.equal(0)
    expect(await titled('Ctrl-C book')).to.equal(0)
  })

  itWithPty('Ctrl-D quits without running an unfinished statement; on an empty line it just quits', async () => {
    terminal = Terminal.spawn(db(), ['db', 'shell'], NO_PSQL)
    await terminal.waitFor('wishlist=> ')
    terminal.send("insert into books (title) values ('Ctrl-D book')", KEYS.enter)
    await terminal.waitFor('wishlist-> ')
    terminal.send(CTRL_D)
    expect(await terminal.exit()).to.equal(0)
    expect(await titled('Ctrl-D book')).to.equal(0)
    terminal = Terminal.spawn(db(), ['db', 'shell'], NO_PSQL)
    await terminal.waitFor('wishlist=> ')
    terminal.send(CTRL_D)
    expect(await terminal.exit()).to.equal(0)
  })

  itWithPty('\\q quits at any time, \\? lists the commands, an unknown one is an error and not SQL', async () => {
    terminal = Terminal.spawn(db(), ['db', 'shell'], NO_PSQL)
    await terminal.waitFor('wishlist=> ')
    terminal.send('\\?', KEYS.enter)
    await terminal.waitFor('wishlist=> ')
    expect(terminal.recent).to.match(/\\dt +list tables/).and.match(/\\q +quit/)
    terminal.send('\\dx', KEYS.enter)
    await terminal.waitFor('invalid command \\dx. Try \\? for help.')
    terminal.send('select 1, 2;', KEYS.enter)
    await terminal.waitFor('(SELECT 1)')
    expect(terminal.recent).to.match(/│ 1 +│ 2 +│/)
    terminal.send("insert into books (title) values ('Quit book')", KEYS.enter)
    await terminal.waitFor('wishlist-> ')
    terminal.send('\\q', KEYS.enter)
    expect(await terminal.exit()).to.equal(0)
    expect(await titled('Quit book')).to.equal(0)
  })

  it('from a pipe: each column its own value, backslash commands never sent as SQL', async () => {
    const result = await runBinary(db(), ['db', 'shell'], {
      stdin: 'select 1, 2;\nselect 1 as a, 2 as a;\n\\nope\n\\dt\nselect 3\n',
      env: NO_PSQL,
    })
    expect(result.code).to.equal(1)
    expect(result.stdout).to.equal('1\t2\n1\t2\nbooks\nclaims\nknex_migrations\nknex_migrations_lock\nusers\nwishlist_entries\nwishlist_shares\nwishlists\n3\n')
    expect(result.stderr).to.include('invalid command \\nope. Try \\? for help.\n')
    expect(result.stderr).to.not.match(/syntax error/)
  })

  it('keeps one session, and prints values and errors from the database through safeText', async () => {
    const result = await runBinary(db(), ['db', 'shell'], {
      stdin: "set application_name = 'shell';\nshow application_name;\nselect E'\\x1b]0;owned\\x07';\nselect \"\x1b[2Jgone\";\n",
      env: NO_PSQL,
    })
    expect(result.stdout).to.equal('shell\n\\x1b]0;owned\\x07\n')
    expect(result.stderr).to.include('ERROR: column "\\x1b[2Jgone" does not exist')
    expect(result.stdout + result.stderr).to.not.include('\x1b')
  })
})

describe('wishlist db shell with psql', () => {
  let db: TestDatabase | undefined
  // The real psql, which the fake one below runs after recording its arguments.
  const psql = spawnSync('sh', ['-c', 'command -v psql'], { encoding: 'utf8' }).stdout.trim()
  before(async function () {
    if (!psql) {
      console.warn('    (skipped: no psql on the PATH)')
      return this.skip()
    }
    if (!(await serverIsAvailable())) return this.skip()
    db = await createTestDatabase('server')
  })
  after(() => db?.destroy())

  for (const [where, withPassword] of [
    ['user:password@', (url: URL) => ((url.password = 'hunter2'), url)],
    ['?password=', (url: URL) => (url.searchParams.set('password', 'hunter2'), url)],
  ] as const) {
    it(`gives psql the password (${where}) in its environment, never its arguments`, async () => {
      // A psql early on the PATH that records what it was given, then runs the real one.
      const bin = await mkdtemp(join(tmpdir(), 'wishlist-fake-psql-'))
      await writeFile(
        join(bin, 'psql'),
        `#!/bin/sh\n[ "$1" = --version ] && exit 0\nprintf '%s\\n' "$@" > ${bin}/argv\nenv > ${bin}/env\nexec ${psql} "$@"\n`,
      )
      await chmod(join(bin, 'psql'), 0o755)
      const url = withPassword(new URL(db!.target.kind === 'server' ? db!.target.url : '')).toString()
      const result = await runBinary(db, ['db', 'shell'], {
        stdin: 'select 6 * 7 as answer;\n',
        env: { DATABASE_URL: url, PATH: `${bin}:${process.env.PATH}` },
      })
      expect(result.code, result.stderr).to.equal(0)
      expect(result.stdout).to.match(/answer\s*\n-+\s*\n\s*42\s*\n/)
      const argv = await readFile(join(bin, 'argv'), 'utf8')
      expect(argv).to.not.include('hunter2')
      expect(argv).to.match(/^postgres:\/\/postgres@127\.0\.0\.1:5432\/wishlist_test_/)
      expect(await readFile(join(bin, 'env'), 'utf8')).to.match(/^PGPASSWORD=hunter2$/m)
    })
  }
})
