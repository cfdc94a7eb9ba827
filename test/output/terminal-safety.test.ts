import { expect } from 'chai'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describeEachBackend } from '../helpers/databases.js'
import { runInProcess } from '../helpers/run.js'
import { HOSTILE_EMAIL, HOSTILE_LIST, HOSTILE_NAME, HOSTILE_TITLE, UNSAFE_IN_JSON, UNSAFE_ON_TERMINAL, insertHostile } from './hostile.js'

// Every command that prints database text, fed a title, an author, a list name and a
// user name holding every class of unsafe character (test/output/hostile.ts). The
// interactive mode, the picker and export on a real terminal are in
// test/interactive/hostile.test.ts; the unsafe characters of argv in test/cli/usage.test.ts.
// What cli-progress writes to draw and clear its line: save/restore, cursor and wrap modes, column 1, erase line.
// eslint-disable-next-line no-control-regex
const PROGRESS_BAR = /\u001b[78]|\u001b\[\?(25|7)[hl]|\u001b\[\d*[GK]|\r/g

describeEachBackend('database text on every output path', (db) => {
  let ids: Awaited<ReturnType<typeof insertHostile>>
  beforeEach(async () => {
    await db().truncate()
    ids = await insertHostile(db().knex)
  })
  const run = (args: string[], tty: boolean) => runInProcess(db(), ['-u', HOSTILE_EMAIL, ...args], { tty })

  /** Commands whose stdout and stderr show the hostile text (data or a message). */
  const commands = (): string[][] => [
    ['show'],
    ['show', ids.listId],
    ['lists'],
    ['books'],
    ['books', 'title'],
    ['books', 'show', ids.bookId],
    ['users'],
    ['lists', 'create', HOSTILE_LIST],
    ['add', ids.bookId, '-l', ids.listId],
    ['move', ids.bookId, '--top', '-l', ids.listId],
    // A note may hold invisible characters (control characters are refused).
    ['edit', ids.bookId, '-l', ids.listId, '--priority', 'high', '--note', 'Title note \u202e\u200b'],
    ['show', ids.listId],
    ['show', ids.listId, '--json'],
    ['export'],
    ['export', '--format', 'goodreads'],
    ['export', '--format', 'json'],
    // The second remove fails: the book is not on the list (both named in the error).
    ['remove', ids.bookId, '-l', ids.listId, '-q'],
    ['remove', ids.bookId, '-l', ids.listId],
  ]

  for (const tty of [true, false]) {
    it(`tables, lines, messages and errors never carry a raw control or invisible character (stdout ${tty ? 'a terminal' : 'a pipe'})`, async () => {
      for (const args of commands()) {
        // A pipe gets export's data byte for byte: see the next test.
        if (!tty && args[0] === 'export') continue
        const result = await run(args, tty)
        if (!args.includes('-q')) expect(result.stdout + result.stderr, args.join(' ')).to.match(/Title|List|Mallory|already/)
        // Plain lines separate their fields with tabs; a field never holds one.
        const stdout = tty ? result.stdout : result.stdout.replaceAll('\t', '')
        expect(stdout, `stdout of ${args.join(' ')}`).not.to.match(UNSAFE_ON_TERMINAL)
        expect(result.stderr, `stderr of ${args.join(' ')}`).not.to.match(UNSAFE_ON_TERMINAL)
      }
    })
  }

  it('export to a terminal shows the titles escaped, to a pipe it keeps them byte for byte', async () => {
    const onTerminal = await run(['export'], true)
    expect(onTerminal.code, onTerminal.stderr).to.equal(0)
    expect(onTerminal.stdout).to.include('Title \\x1b]0;pwned\\x07\\x1b[2J\\x1b[6n\\x9b2J')
    expect(onTerminal.stdout).to.include('\\u202e')
    const piped = await run(['export'], false)
    const [, row]: string[][] = parse(piped.stdout)
    expect(row![1]).to.equal(HOSTILE_TITLE)
  })

  it('import: its summary, skipped rows and warnings quote the file safely, on a terminal or not, and in --json', async () => {
    // A hostile title, a hostile ISBN (skipped, its reason quotes it), a hostile shelf.
    const file = [
      'title,author,isbn',
      `"${HOSTILE_TITLE.replaceAll('"', '""')} 2",Someone,`,
      `Other,Someone,"978${HOSTILE_NAME.replaceAll('"', '""')}"`,
    ].join('\n')
    const dir = await mkdtemp(join(tmpdir(), 'wishlist-hostile-'))
    const path = join(dir, 'hostile.csv')
    await writeFile(path, file)
    for (const tty of [true, false]) {
      for (const extra of [[], ['--json'], ['--shelf', HOSTILE_NAME]]) {
        const result = await runInProcess(db(), ['-u', HOSTILE_EMAIL, 'import', path, '-l', HOSTILE_LIST, '--dry-run', ...extra], { tty })
        expect(result.code, result.stderr).to.equal(0)
        // On a terminal a slow import draws its progress bar, with escapes of its own.
        const stderr = tty ? result.stderr.replace(PROGRESS_BAR, '') : result.stderr
        expect(stderr, `stderr of import ${extra.join(' ')}`).not.to.match(UNSAFE_ON_TERMINAL)
        expect(result.stdout).not.to.match(extra[0] === '--json' ? UNSAFE_IN_JSON : UNSAFE_ON_TERMINAL)
      }
    }
    await rm(dir, { recursive: true, force: true })
  })

  for (const args of [['show'], ['lists'], ['books'], ['books', 'show'], ['users'], ['export'], ['lists', 'delete', '--yes']]) {
    it(`--json ${args.join(' ')}: DEL, C1 and invisible characters escaped as \\uXXXX, parsing back to the same text`, async () => {
      const full = args[0] === 'books' && args[1] === 'show' ? [...args, ids.bookId] : args[1] === 'delete' ? [...args, ids.listId] : args
      for (const tty of [true, false]) {
        const result = await run(['--json', ...full], tty)
        expect(result.code, result.stderr).to.equal(0)
        expect(result.stdout).not.to.match(UNSAFE_IN_JSON)
        expect(result.stdout).not.to.match(UNSAFE_ON_TERMINAL)
        expect(result.stdout).to.include('\\u009b2J').and.to.include('\\u202e').and.to.include('\\u2028')
        const strings = JSON.stringify(JSON.parse(result.stdout))
        expect([HOSTILE_TITLE, HOSTILE_LIST, HOSTILE_NAME].some((text) => strings.includes(JSON.stringify(text).slice(1, -1)))).to.equal(true)
        if (args[1] === 'delete') break
      }
    })
  }
})
