// Build step: bundles the command-line program into dist/bundle/ with esbuild, so
// start-up reads a few files instead of resolving and compiling ~300 modules
// (docs/performance.md: `wishlist --version` and a server-backend command start about
// 40% faster). Code splitting keeps what the CLI imports lazily (knex and pg, the
// prompts, the embedded-server client) in separate chunks, loaded only when used.
// The embedded server keeps running from tsc's dist/src/ (PGlite stays unbundled).
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

// Chunk names carry content hashes: start empty so old chunks do not pile up.
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

const result = await build({
  entryPoints: { wishlist: 'src/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: Boolean(process.env.BUNDLE_METAFILE),
  // CommonJS packages inside an ES module bundle still call require().
  banner: { js: `import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);` },
  plugins: [onlyPostgresDialect],
  // pg asks `typeof Response` to detect Cloudflare Workers, which on Node 20 loads the
  // whole fetch implementation (undici, ~10 ms). Nothing in the CLI uses Response.
  define: { Response: 'undefined' },
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
