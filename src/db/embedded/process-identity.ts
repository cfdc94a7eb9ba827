import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/**
 * A process as Linux's /proc shows it. A pid alone names nothing for long: once its
 * process has exited the pid can be handed to any other process, and until its parent
 * reaps it a killed process stays a zombie that `kill(pid, 0)` still reports alive.
 * So a pid is trusted, and signalled, only together with its start time (field 22 of
 * /proc/PID/stat, in clock ticks since boot), which a reused pid does not share.
 */
export interface ProcessIdentity {
  pid: number
  startTime: string
}

export interface ProcessInfo extends ProcessIdentity {
  /** R running, S sleeping, T stopped by a signal, t stopped by a debugger, Z zombie ... */
  state: string
  args: string[]
}

export function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Field 2, the command name, is in parentheses and may itself hold spaces or ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)
    return { pid, state: fields[0]!, startTime: fields[19]!, args }
  } catch {
    return undefined
  }
}

export function ownIdentity(): ProcessIdentity {
  const info = processInfo(process.pid)
  if (!info) throw new Error('cannot read /proc/self: the embedded database needs Linux with /proc mounted')
  return { pid: info.pid, startTime: info.startTime }
}

/** The process itself, not yet exited: a zombie is dead, however long it waits to be reaped. */
export function runningProcess(identity: ProcessIdentity): ProcessInfo | undefined {
  const info = processInfo(identity.pid)
  if (!info || info.startTime !== identity.startTime || info.state === 'Z' || info.state === 'X') return undefined
  return info
}

/** Whether the process is an embedded database server (server-main) for this data directory. */
export function isServerFor(info: ProcessInfo, dataDir: string): boolean {
  const main = info.args.findIndex((arg) => /server-main\.[cm]?[jt]s$/.test(arg))
  return main >= 0 && info.args[main + 1] !== undefined && resolve(info.args[main + 1]!) === resolve(dataDir)
}

/**
 * Stopped by a signal (SIGSTOP, Ctrl-Z). Not a traced process's "tracing stop" (t):
 * strace or a debugger stops it for an instant at each signal and system call it
 * watches, and such a server stops normally when asked.
 */
export const isSuspended = (info: ProcessInfo) => info.state === 'T'
