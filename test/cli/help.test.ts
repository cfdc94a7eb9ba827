import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'chai'
import { ENVIRONMENT } from '../../src/help/topics.js'
import { runBinary } from '../helpers/run.js'

const ROOT = new URL('../../', import.meta.url).pathname
const help = async (...args: string[]) => {
  const result = await runBinary(undefined, [...args, '--help'])
  expect(result.code, result.stderr).to.equal(0)
  return result.stdout
}

// Issue 17 item 6, `help environment`, wishlist(1) and docs/commands.md.
describe('help', () => {
  it("lists the global options in every subcommand's help, where its examples use them", async () => {
    for (const path of [['show'], ['lists'], ['lists', 'delete'], ['users', 'remove'], ['books', 'show'], ['db', 'info'], ['export']]) {
      const text = await help(...path)
      const global = text.slice(text.indexOf('Global Options:'))
      expect(text, path.join(' ')).to.include('Global Options:')
      for (const flag of ['--json [FIELDS]', '--user <USER>', '--no-input', '--quiet', '--db <URL>']) expect(global, path.join(' ')).to.include(flag)
    }
  })

  it('says no "(default: false)" anywhere, shows export --format\'s default, names arguments in capitals', async () => {
    const texts = await Promise.all([[], ['show'], ['export'], ['import'], ['lists', 'rename'], ['users', 'use'], ['books'], ['books', 'add']].map((path) => help(...path)))
    for (const text of texts) expect(text).not.to.include('(default: false)')
    expect(texts[2]).to.match(/--format <FORMAT>\s+output format \(default: csv; json with --json\)/)
    // One convention: BOOK, LIST, USER, FILE, N... in capitals, in arguments and option values.
    for (const text of texts) {
      const lowercase = (text.match(/<[a-z][a-z-]*>|\[[a-z][a-z-]*(\.\.\.)?\]/g) ?? []).filter((word) => word !== '[options]' && word !== '[command]')
      expect(lowercase).to.deep.equal([])
    }
    expect(texts[4]).to.include('wishlist lists rename [options] <LIST> <NAME>')
    expect(texts[5]).to.include('wishlist users use [options] <USER>')
    expect(texts[6]).to.include('--limit <N>')
  })

  it('says "did you mean" for a mistyped second-level command, exit 2, instead of "too many arguments"', async () => {
    for (const [args, suggestion] of [
      [['lists', 'delte', 'X'], 'delete'],
      [['users', 'remoev', 'foo'], 'remove'],
      [['lists', 'craete'], 'create'],
    ] as const) {
      const result = await runBinary(undefined, [...args])
      expect(result.code, args.join(' ')).to.equal(2)
      expect(result.stderr).to.include(`unknown command '${args[1]}'`).and.include(`(Did you mean ${suggestion}?)`)
      expect(result.stderr).not.to.include('too many arguments')
    }
    const ls = await runBinary(undefined, ['lists', 'ls'])
    expect(ls.code).to.equal(2)
    expect(ls.stderr).to.equal("error: unknown command 'ls'\nRun 'wishlist lists --help' for usage.\n")
  })

  it('answers `wishlist version` as --version does, and in JSON', async () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version
    expect(await runBinary(undefined, ['version'])).to.include({ code: 0, stdout: `${version}\n` })
    expect(JSON.parse((await runBinary(undefined, ['version', '--json'])).stdout)).to.deep.equal({ version })
    expect((await runBinary(undefined, ['--version'])).stdout).to.equal(`${version}\n`)
  })

  it('`wishlist help COMMAND` still shows a command\'s help; an unknown topic is exit 2', async () => {
    expect((await runBinary(undefined, ['help', 'lists', 'delete'])).stdout).to.equal(await help('lists', 'delete'))
    expect((await runBinary(undefined, ['help', 'exit-codes'])).stdout).to.include('130').and.include('declined confirmation')
    const unknown = await runBinary(undefined, ['help', 'nonsense'])
    expect(unknown.code).to.equal(2)
    expect(unknown.stderr).to.include('environment')
  })

  it('`wishlist help environment` lists every environment variable src/ reads', async () => {
    const result = await runBinary(undefined, ['help', 'environment'])
    expect(result.code).to.equal(0)
    const read = new Set<string>()
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory()) walk(path)
        else if (path.endsWith('.ts')) {
          for (const match of readFileSync(path, 'utf8').matchAll(/\benv\??\.([A-Z][A-Z0-9_]*)|\benv\[['"]([A-Z][A-Z0-9_]*)['"]\]/g)) {
            read.add(match[1] ?? match[2]!)
          }
        }
      }
    }
    walk(join(ROOT, 'src'))
    expect(read.size).to.be.greaterThan(10)
    const listed = ENVIRONMENT.map((variable) => variable.name)
    expect([...read].filter((name) => !listed.includes(name)), 'read in src/ but missing from src/help/topics.ts').to.deep.equal([])
    for (const name of read) expect(result.stdout).to.match(new RegExp(`^  ${name} `, 'm'))
    // docs/configuration.md documents them too.
    const configuration = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8')
    expect(listed.filter((name) => !configuration.includes(`\`${name}\``)), 'missing from docs/configuration.md').to.deep.equal([])
  })
})

describe('generated references', () => {
  it('docs/commands.md is what scripts/make-command-docs.mjs makes of the built commands (not stale)', () => {
    execFileSync(process.execPath, ['scripts/make-command-docs.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })
  })

  it('the build makes wishlist(1), shipped by package.json "man", with every command, exit codes and the environment', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    expect(manifest.man).to.equal('./dist/man/wishlist.1')
    expect(manifest.scripts.build).to.include('scripts/make-man-page.mjs')
    const page = readFileSync(join(ROOT, manifest.man), 'utf8')
    expect(page).to.match(/^\.TH WISHLIST 1 /)
    for (const section of ['NAME', 'SYNOPSIS', 'GLOBAL OPTIONS', 'COMMANDS', 'ENVIRONMENT', 'EXIT STATUS']) expect(page).to.include(`.SH ${section}`)
    for (const command of ['wishlist show', 'wishlist lists delete', 'wishlist users remove', 'wishlist db rollback', 'wishlist completion', 'wishlist whoami']) {
      expect(page).to.include(`.SS "${command}"`)
    }
    for (const { name } of ENVIRONMENT) expect(page).to.include(`\\fB${name.replace(/-/g, '\\-')}\\fR`)
    for (const code of ['0', '1', '2', '3', '4', '130']) expect(page).to.include(`.TP\n\\fB${code}\\fR\n`)
    // man renders it without warnings (where man is installed: .ci/run installs it).
    if (spawnSync('man', ['--version'], { stdio: 'ignore' }).error) {
      console.warn('    (man is not installed: the page was checked, not rendered)')
      return
    }
    const rendered = execFileSync('man', ['-l', '--warnings', join(ROOT, manifest.man)], { env: { ...process.env, MANWIDTH: '80', MAN_KEEP_FORMATTING: '' }, stdio: 'pipe' })
    expect(rendered.toString()).to.include('EXIT STATUS').and.include('WISHLIST_DATA_DIR')
  })
})
