/**
 * What Ctrl-C means while a command runs. The process glue (src/main.ts) prints the
 * explanation given and ends with exit 130; with none, Ctrl-C ends the process the
 * default way. Commands say it through their context, never through `process`.
 */
export interface Interrupts {
  /** The line Ctrl-C prints from now on; undefined puts back the default. */
  explain(message: string | undefined): void
  /**
   * Ctrl-C leaves this process alone until the returned function is called: a pager
   * owns the terminal and takes Ctrl-C itself, and the process waits for it to end.
   */
  hold?(): () => void
}

/** For runs with no process of their own to interrupt (tests in-process). */
export const NO_INTERRUPTS: Interrupts = { explain() {} }
