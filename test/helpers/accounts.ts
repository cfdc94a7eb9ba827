import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Another local account, for tests about file permissions: root bypasses them, so
 * what another account can or cannot do is tried as that account (runUser in
 * run.ts). Created on first use (idempotent); undefined when this process is not
 * root and so cannot create it or act as it.
 */
export interface OtherAccount {
  name: string
  uid: number
  gid: number
  home: string
}

export const OTHER_ACCOUNT = 'wishlist-test-other'

export function otherAccount(): OtherAccount | undefined {
  if (process.getuid?.() !== 0) return undefined
  try {
    execFileSync('id', ['-u', OTHER_ACCOUNT], { stdio: 'ignore' })
  } catch {
    execFileSync('useradd', ['-m', OTHER_ACCOUNT], { stdio: 'ignore' })
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, OTHER_ACCOUNT], { encoding: 'utf8' }).trim())
  const home = execFileSync('getent', ['passwd', OTHER_ACCOUNT], { encoding: 'utf8' }).split(':')[5]
  return { name: OTHER_ACCOUNT, uid: id('-u'), gid: id('-g'), home }
}

/** A fresh directory in the account's home, its own, for one test. */
export async function scratchHomeDir(account: OtherAccount): Promise<string> {
  const dir = mkdtempSync(join(account.home, 'test-'))
  execFileSync('chown', [`${account.uid}:${account.gid}`, dir])
  return dir
}

/**
 * A small tmpfs mounted at a new directory (root only), for a full or read-only disk.
 * Undefined, with a one-line note, when mount fails outside CI; under CI=true (which
 * runs as root) a failure is an error.
 */
export async function mountTmpfs(sizeMb: number): Promise<{ dir: string; unmount(): Promise<void> } | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'wishlist-tmpfs-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' })
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    if (process.env.CI === 'true') throw new Error(`CI=true and mounting a tmpfs failed: ${error}`)
    console.warn(`    (skipped: cannot mount a tmpfs here: ${String((error as Error).message).split('\n')[0]})`)
    return undefined
  }
  return {
    dir,
    async unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' })
      await rm(dir, { recursive: true, force: true })
    },
  }
}
