// Build step: creates dist/pgdata-template.tar.gz, an initialised and fully migrated
// embedded database that a new data directory starts from (see openPGlite in
// server.ts). Skipped when the compiled migrations are the ones it was built from
// (tsc rewrites them on every build, so their content is compared, not their times).
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { packageRoot } from '../../package-root.js'
import { PRIVATE_PORT } from './paths.js'
import { PGLITE_EXTENSIONS, TEMPLATE_PATH, migrateThroughPrivateSocket } from './server.js'

const migrationsDir = join(packageRoot, 'dist', 'migrations')
const stampPath = `${TEMPLATE_PATH}.sha256`

async function migrationsHash(): Promise<string> {
  const hash = createHash('sha256')
  for (const file of (await readdir(migrationsDir)).filter((name) => name.endsWith('.js')).sort()) {
    hash.update(file).update(await readFile(join(migrationsDir, file)))
  }
  return hash.digest('hex')
}

const hash = await migrationsHash()
const stamp = await readFile(stampPath, 'utf8').catch(() => '')
if (existsSync(TEMPLATE_PATH) && stamp === hash) {
  console.log('pgdata template is up to date')
} else {
  const started = Date.now()
  const socketDir = await mkdtemp(join(tmpdir(), 'wishlist-template-'))
  const db = await PGlite.create({ extensions: PGLITE_EXTENSIONS })
  try {
    await migrateThroughPrivateSocket(db, socketDir, join(socketDir, `.s.PGSQL.${PRIVATE_PORT}`))
    const dump = await db.dumpDataDir('gzip')
    await writeFile(TEMPLATE_PATH, Buffer.from(await dump.arrayBuffer()))
    await writeFile(stampPath, hash)
  } finally {
    await db.close()
    await rm(socketDir, { recursive: true, force: true })
  }
  console.log(`built ${TEMPLATE_PATH} in ${Date.now() - started} ms`)
}
