import { type EngineName, nativeBinaries } from '../../src/db/embedded/engine.js'

/**
 * Skips the test, with a note, where `engine` cannot run: native needs its binaries,
 * and, run by this process (not by another account through runuser), an account
 * that is not root, since PostgreSQL refuses root.
 */
export function skipUnlessEngineRuns(test: Mocha.Context, engine: EngineName, by: 'this process' | 'another account'): void {
  if (engine !== 'native') return
  const why = !nativeBinaries()
    ? 'the native binaries are not installed'
    : by === 'this process' && process.getuid?.() === 0
      ? 'PostgreSQL refuses root; the native pass of .ci/run runs this'
      : undefined
  if (why === undefined) return
  console.warn(`    (skipped: ${why})`)
  test.skip()
}
