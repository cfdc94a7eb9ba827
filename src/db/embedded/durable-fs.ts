// PGlite's data directory, made durable: what PostgreSQL has said is committed is on
// the disk, not only in the kernel's page cache, before the client hears so.
//
// Out of the box PGlite on Node.js never flushes anything to disk: it starts
// PostgreSQL with -F (fsync off), and even without it the file system PGlite mounts
// (Emscripten's NODEFS) has no fsync of its own, so PostgreSQL's fsync() succeeds
// without doing anything, and its fdatasync() is a stub that returns 0. A committed
// `wishlist add` then survives the process being killed, but not the machine losing
// power or crashing within the next half minute, and such a crash could leave the
// WAL and the data files out of order. So:
// - NODEFS gets an fsync that calls the real fsync(2) on the file's descriptor;
// - PostgreSQL runs without -F, and with wal_sync_method=fsync, so that its commits
//   flush the WAL through fsync() (the only one of its sync calls that reaches the
//   file system) and its checkpoints flush the data files.
import { fsyncSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { NodeFS } from '@electric-sql/pglite/nodefs'

/** PGlite's start parameters, with fsync on and the WAL flushed by fsync(). */
export const DURABLE_START_PARAMS = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  '-c',
  'fsync=on',
  '-c',
  'wal_sync_method=fsync',
]

interface NodeFsStream {
  nfd: number
}

interface EmscriptenNodeFs {
  stream_ops: { fsync?: (stream: NodeFsStream) => void }
  tryFSOperation<T>(operation: () => T): T
}

type InitOptions = Parameters<NodeFS['init']>[1]

/** PGlite's Node.js file system, whose fsync reaches the disk. */
export class DurableNodeFS extends NodeFS {
  override async init(pg: PGlite, options: InitOptions) {
    const preRun = [
      ...(options.preRun ?? []),
      (mod: { FS: { filesystems: { NODEFS: EmscriptenNodeFs } } }) => {
        const nodefs = mod.FS.filesystems.NODEFS
        // An I/O error becomes the errno PostgreSQL expects (and PANICs on, as it must).
        nodefs.stream_ops.fsync = (stream) => nodefs.tryFSOperation(() => fsyncSync(stream.nfd))
      },
    ]
    return super.init(pg, { ...options, preRun } as InitOptions)
  }
}
