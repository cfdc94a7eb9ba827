// Build step: bundles the command-line program into one CommonJS file,
// dist/bundle/wishlist.cjs, and makes its V8 code cache, which bin/wishlist loads
// (docs/performance.md has the measurements). Start-up then reads two files instead of
// resolving ~300 modules, and deserialises compiled code instead of compiling it.
// The embedded server keeps running from tsc's dist/src/ (PGlite stays unbundled).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'esbuild'

// Start empty: the code cache below is made only when there is none.
rmSync('dist/bundle', { recursive: true, force: true })

// knex loads its dialects lazily by client name; only 'pg' is ever used, so the others
// (and their SQL compilers) are left out of the bundle.
const onlyPostgresDialect = {
  name: 'only-postgres-dialect',
  setup(build) {
    const others = /^\.\/(better-sqlite3|cockroachdb|mssql|mysql|mysql2|mariadb|oracle|oracledb|pgnative|redshift|sqlite3)$/
    build.onResolve({ filter: others }, (args) =>
      /knex[\\/]lib[\\/]dialects[\\/]index\.js$/.test(args.importer) ? { path: args.path, namespace: 'unused-dialect' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'unused-dialect' }, (args) => ({
      contents: `throw new Error('knex dialect ${args.path} is not part of the wishlist bundle')`,
    }))
  },
}

// Start-up work that packages do for features wishlist never or rarely uses, moved to
// first use. Each built-in module costs 4-7 ms of start-up on Node 20 (`node -e
// "require('node:child_process')"` against `node -e ''`, hyperfine); docs/performance.md
// has the whole measurement. Each change is an exact text replacement: a text that is
// no longer there after an upgrade fails the build rather than going unnoticed.
const lazily = (name, load) => `let ${name}Loaded; const ${name} = new Proxy({}, { get: (_, key) => (${name}Loaded ??= ${load})[key] });`
const DEFERRED = [
  // commander runs executable subcommands with node:child_process; wishlist has none.
  {
    file: /commander[\\/]lib[\\/]command\.js$/,
    replace: [["const childProcess = require('node:child_process');", lazily('childProcess', "require('node:child_process')")]],
  },
  // pg hashes passwords (MD5, SCRAM) with node:crypto and WebCrypto; trust, peer and
  // plain-password logins (and the embedded database) never need them.
  {
    file: /pg[\\/]lib[\\/]client\.js$/,
    replace: [["const crypto = require('./crypto/utils')", lazily('crypto', "require('./crypto/utils')")]],
  },
  {
    file: /pg[\\/]lib[\\/]crypto[\\/]sasl\.js$/,
    replace: [["const crypto = require('./utils')", lazily('crypto', "require('./utils')")]],
  },
  // string-width builds an Intl.Segmenter and Unicode-property regular expressions
  // (\p{RGI_Emoji} with the v flag) when loaded: 25-30 ms of a 100 ms command. The
  // renderer answers printable ASCII without it, and `--json` never measures text, so
  // the bundle loads it at the first text that needs it (esbuild runs a required ES
  // module's code only when the require runs).
  {
    file: /src[\\/]output[\\/]width\.ts$/,
    replace: [["import stringWidth from 'string-width'", "const stringWidth = (text: string): number => require('string-width').default(text)"]],
  },
  // knex's migrator, needed only by `wishlist db` commands (and the embedded server).
  {
    file: /knex[\\/]lib[\\/]knex-builder[\\/]make-knex\.js$/,
    replace: [
      ["const { Migrator } = require('../migrations/migrate/Migrator');", ''],
      ['return new Migrator(this);', "return new (require('../migrations/migrate/Migrator').Migrator)(this);"],
    ],
  },
]

const deferStartupWork = {
  name: 'defer-startup-work',
  setup(build) {
    build.onLoad({ filter: /\.[jt]s$/ }, async (args) => {
      const deferred = DEFERRED.find(({ file }) => file.test(args.path))
      if (!deferred) return undefined
      let source = await readFile(args.path, 'utf8')
      for (const [text, replacement] of deferred.replace) {
        if (!source.includes(text)) throw new Error(`${args.path} no longer has: ${text}`)
        source = source.replace(text, replacement)
      }
      return { contents: source, loader: args.path.endsWith('.ts') ? 'ts' : 'js' }
    })
  },
}

const result = await build({
  entryPoints: { wishlist: 'src/main.ts' },
  outdir: 'dist/bundle',
  // One CommonJS file, so bin/wishlist can compile it with V8's code cache (vm.Script
  // cachedData); Node 20 has no code cache for ES modules. Lazily imported modules
  // (prompts, CSV, import) stay lazy: esbuild runs their code only when imported, and
  // V8 compiles a function only when it is first called.
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Full minification: a smaller file to read and a smaller code cache to load (with
  // the cache, 901 -> 629 kB and 751 -> 680 kB; docs/performance.md). Stack traces map
  // back through the linked source map (node --enable-source-maps).
  minify: true,
  // ASCII only, so bin/wishlist can read the file as latin1, which is ~20 ms faster
  // than decoding 1 MB of UTF-8 on Node 20.
  charset: 'ascii',
  // import() becomes require(): a script from a code cache made by another process has
  // no working dynamic-import callback on Node 20, and every module here is CommonJS
  // once bundled (Node's built-ins included).
  supported: { 'dynamic-import': false },
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: Boolean(process.env.BUNDLE_METAFILE),
  define: {
    // pg asks `typeof Response` to detect Cloudflare Workers, which on Node 20 loads the
    // whole fetch implementation (undici, ~10 ms). Nothing in the CLI uses Response.
    Response: 'undefined',
    // Sources find the package's files from their own location.
    'import.meta.url': '__bundleUrl',
  },
  // The file is one function expression taking CommonJS's arguments, which bin/wishlist
  // compiles as it is: wrapping a megabyte of text at every start cost about 3 ms.
  banner: { js: `(function (exports, require, module, __filename, __dirname) {const __bundleUrl = require('node:url').pathToFileURL(__filename).href;` },
  footer: { js: '})' },
  plugins: [onlyPostgresDialect, deferStartupWork],
  external: [
    // Only the background server uses PGlite; it runs from dist/src/.
    '@electric-sql/*',
    // Optional drivers that pg and knex require only when configured to.
    'pg-native',
    'pg-query-stream',
    'better-sqlite3',
    'sqlite3',
    'mysql',
    'mysql2',
    'mariadb',
    'mariadb/*',
    'oracledb',
    'tedious',
  ],
})
if (result.metafile) (await import('node:fs')).writeFileSync(process.env.BUNDLE_METAFILE, JSON.stringify(result.metafile))

// The code cache (bin/wishlist loads it) holds the functions V8 has compiled by the
// time it is made, so it is made at the end of one real command: `wishlist show
// --json` of a seeded list in a throwaway embedded database (from the template built
// before this step). That compiles the command line, knex, pg, the queries and the
// output; a cache made from a run that stopped at the connection left the query paths
// to be compiled at every start (docs/performance.md: show 212 ms against 222 ms).
const training = mkdtempSync(join(tmpdir(), 'wishlist-training-'))
const trainingEnv = {
  ...process.env,
  DATABASE_URL: '',
  WISHLIST_DATA_DIR: join(training, 'data'),
  XDG_CONFIG_HOME: join(training, 'config'),
  WISHLIST_USER: 'ada@example.com',
  NO_COLOR: '1',
}
const wishlist = (...args) => {
  const result = spawnSync(process.execPath, ['bin/wishlist', ...args], { env: trainingEnv, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`The code cache's training run \`wishlist ${args.join(' ')}\` failed:\n${result.stderr}`)
  return result.stdout
}
try {
  wishlist('db', 'seed', '-q')
  // The run above wrote a cache of its own (there was none); the one kept is show's.
  rmSync('dist/bundle/wishlist.cjs.cache', { force: true })
  if (!JSON.parse(wishlist('show', '--json')).books?.length) throw new Error('The training run showed no books')
  if (!existsSync('dist/bundle/wishlist.cjs.cache')) throw new Error('The training run left no code cache')
} finally {
  spawnSync(process.execPath, ['bin/wishlist', 'db', 'stop', '-q'], { env: trainingEnv })
  rmSync(training, { recursive: true, force: true })
}
