import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The installed package's root: the nearest folder above this file with a package.json
 * (src/ runs from sources in tests, dist/src/ when installed). */
export const packageRoot = findRoot(dirname(fileURLToPath(import.meta.url)))

function findRoot(dir: string): string {
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('wishlist: package.json not found')
    dir = parent
  }
  return dir
}
