// Synchronous: a file of a few bytes, read by every command; node:fs/promises would
// cost a few ms of start-up to load.
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'

/** What `wishlist users use` saves: $XDG_CONFIG_HOME/wishlist/config.json. */
export interface Config {
  defaultUser?: string
}

type Env = Record<string, string | undefined>

export function configPath(env: Env): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME ?? homedir(), '.config')
  return join(base, 'wishlist', 'config.json')
}

export async function readConfig(path: string): Promise<Config> {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Config
  } catch {
    return {}
  }
}

/**
 * Written to a temporary file and renamed, so a crash never leaves half a file.
 * The file 0600 and its directory 0700 whatever the umask: it names the user's account.
 */
export async function writeConfig(path: string, config: Config): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  chmodSync(dirname(path), 0o700)
  const temporary = `${path}.${process.pid}.tmp`
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 })
  chmodSync(temporary, 0o600)
  renameSync(temporary, path)
}
