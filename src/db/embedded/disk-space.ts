import { statfsSync } from 'node:fs'

// PostgreSQL writes its WAL in 16 MB segments: with less room than two it cannot
// start (recovery writes a new segment) nor take a large write.
const LOW_SPACE_BYTES = 32 * 1024 * 1024

/**
 * "0.9 MB free" when the file system holding `dir` is (nearly) full, else undefined.
 * PGlite reports a full disk at start-up only as "failed to initialize properly".
 */
export function lowDiskSpace(dir: string): string | undefined {
  try {
    const stats = statfsSync(dir)
    const free = stats.bavail * stats.bsize
    return free < LOW_SPACE_BYTES ? `${(free / 1024 / 1024).toFixed(1)} MB free` : undefined
  } catch {
    return undefined
  }
}
