// Build step: creates dist/pgdata-template/, an initialised and fully migrated
// embedded data directory that a new one starts as a copy of (see openPGlite in
// server.ts). Skipped when the compiled migrations are the ones it was built from
// (tsc rewrites them on every build, so their content is compared, not their times).
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { packageRoot } from '../../package-root.js'
import { setTreeModes } from './file-modes.js'
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
  const building = `${TEMPLATE_PATH}.new`
  await rm(building, { recursive: true, force: true })
  const db = await PGlite.create({ dataDir: building, extensions: PGLITE_EXTENSIONS })
  try {
    await migrateThroughPrivateSocket(db, socketDir, join(socketDir, `.s.PGSQL.${PRIVATE_PORT}`))
  } finally {
    // A clean shutdown: the copies start without recovery.
    await db.close()
    await rm(socketDir, { recursive: true, force: true })
  }
  await rm(TEMPLATE_PATH, { recursive: true, force: true })
  await rename(building, TEMPLATE_PATH)
  await writeFile(stampPath, hash)
  console.log(`built ${TEMPLATE_PATH} in ${Date.now() - started} ms`)
}
// Readable by every account, writable by none but the builder, whatever the umask and
// the modes PGlite gave its files: an install made by one account (`sudo npm install
// -g`) must let another copy it. It holds no user data; each copy is made 0600/0700
// by the server that owns it (server.ts).
setTreeModes(TEMPLATE_PATH, 0o755, 0o644)
