// Build step: creates dist/pgdata-template.tar.gz, an initialised and fully migrated
// embedded database that a new data directory starts from (see openPGlite in
// server.ts). Skipped when the template is newer than every compiled migration.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { packageRoot } from '../../package-root.js'
import { PRIVATE_PORT } from './paths.js'
import { PGLITE_EXTENSIONS, TEMPLATE_PATH, migrateThroughPrivateSocket } from './server.js'

const migrationsDir = join(packageRoot, 'dist', 'migrations')

async function isFresh(): Promise<boolean> {
  const template = await stat(TEMPLATE_PATH).catch(() => undefined)
  if (!template) return false
  const files = await readdir(migrationsDir)
  const times = await Promise.all(files.map(async (file) => (await stat(join(migrationsDir, file))).mtimeMs))
  return times.every((time) => time < template.mtimeMs)
}

if (await isFresh()) {
  console.log('pgdata template is up to date')
} else {
  const started = Date.now()
  const socketDir = await mkdtemp(join(tmpdir(), 'wishlist-template-'))
  const db = await PGlite.create({ extensions: PGLITE_EXTENSIONS })
  try {
    await migrateThroughPrivateSocket(db, socketDir, join(socketDir, `.s.PGSQL.${PRIVATE_PORT}`))
    const dump = await db.dumpDataDir('gzip')
    await writeFile(TEMPLATE_PATH, Buffer.from(await dump.arrayBuffer()))
  } finally {
    await db.close()
    await rm(socketDir, { recursive: true, force: true })
  }
  console.log(`built ${TEMPLATE_PATH} in ${Date.now() - started} ms`)
}
