import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, statSync, statfsSync, truncateSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

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
/** A second one, for tests where neither part can be root: an owner for OTHER_ACCOUNT to attack. */
export const OWNER_ACCOUNT = 'wishlist-test-owner'

export function otherAccount(name = OTHER_ACCOUNT): OtherAccount | undefined {
  if (process.getuid?.() !== 0) return undefined
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' })
  } catch {
    execFileSync('useradd', ['-m', name], { stdio: 'ignore' })
  }
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim())
  const home = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).split(':')[5]
  return { name, uid: id('-u'), gid: id('-g'), home }
}

/**
 * Whether the account can run this checkout's build: a clone in a private directory
 * (under /root, or a 0700 home) cannot be read by anyone else, and then the tests that
 * run the binary as the account skip with a note (.ci/run's second pass bind-mounts
 * such a checkout where its account can read it).
 */
export function accountCanRunCheckout(account: OtherAccount): boolean {
  const bin = fileURLToPath(new URL('../../bin/wishlist', import.meta.url))
  try {
    execFileSync('runuser', ['-u', account.name, '--', 'test', '-r', bin], { stdio: 'ignore' })
    return true
  } catch {
    console.warn(`    (skipped: the account ${account.name} cannot read ${bin}; clone the project where other accounts can read it)`)
    return false
  }
}

/** A fresh directory in the account's home, its own, for one test. */
export async function scratchHomeDir(account: OtherAccount): Promise<string> {
  const dir = mkdtempSync(join(account.home, 'test-'))
  execFileSync('chown', [`${account.uid}:${account.gid}`, dir])
  return dir
}

/** A small file system for one test: a full or read-only disk. */
export interface SmallDisk {
  dir: string
  /** Gives the test this many MB in all (what it has written included). */
  resize(sizeMb: number): Promise<void>
  /** Makes it read-only; false where that cannot be done (no root). */
  makeReadOnly(): Promise<boolean>
  unmount(): Promise<void>
}

/**
 * A small tmpfs mounted at a new directory (root), or, for a run as an unprivileged
 * account (the native engine's pass of .ci/run), a directory on the tmpfs that root
 * mounted for it at WISHLIST_TEST_TMPFS, shrunk to the size asked for by a ballast
 * file. Undefined, with a one-line note, when neither can be had outside CI; under
 * CI=true a failure is an error.
 */
export async function mountTmpfs(sizeMb: number): Promise<SmallDisk | undefined> {
  const shared = process.env.WISHLIST_TEST_TMPFS
  if (process.getuid?.() !== 0 && shared) return ballastDisk(shared, sizeMb)
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
    async resize(size) {
      execFileSync('mount', ['-o', `remount,size=${size}m`, dir])
    },
    async makeReadOnly() {
      execFileSync('mount', ['-o', 'remount,ro', dir])
      return true
    },
    async unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' })
      await rm(dir, { recursive: true, force: true })
    },
  }
}

async function ballastDisk(shared: string, sizeMb: number): Promise<SmallDisk> {
  const dir = await mkdtemp(join(shared, 'disk-'))
  const ballast = join(shared, `ballast-${process.pid}`)
  const capacity = () => {
    const stats = statfsSync(shared)
    return stats.blocks * stats.bsize
  }
  const resize = async (size: number) => {
    const bytes = Math.max(0, capacity() - size * 1024 * 1024)
    if (bytes > (existsSync(ballast) ? statSync(ballast).size : 0)) execFileSync('fallocate', ['-l', String(bytes), ballast])
    else truncateSync(ballast, bytes)
  }
  if (capacity() < sizeMb * 1024 * 1024) throw new Error(`${shared} holds less than ${sizeMb} MB`)
  await resize(sizeMb)
  return {
    dir,
    resize,
    async makeReadOnly() {
      return false
    },
    async unmount() {
      await rm(dir, { recursive: true, force: true })
      await rm(ballast, { force: true })
    },
  }
}
