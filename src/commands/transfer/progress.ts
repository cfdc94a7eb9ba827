import type { Context } from '../../context.js'

export interface Progress {
  update(done: number): void
  stop(): void
}

/** Work shorter than this shows no bar at all. */
const QUIET_MS = 300

/**
 * A progress bar on stderr, only when stderr is a terminal (never in a pipe or a
 * log) and the work takes more than a moment. cli-progress is loaded only then.
 */
export async function startProgress(ctx: Context, total: number, label: string): Promise<Progress> {
  if (!ctx.io.stderrIsTTY || ctx.options.quiet || total === 0) return { update() {}, stop() {} }
  const { SingleBar, Presets } = (await import('cli-progress')).default
  const started = Date.now()
  let bar: InstanceType<typeof SingleBar> | undefined
  return {
    update(done) {
      if (!bar && Date.now() - started < QUIET_MS) return
      if (!bar) {
        bar = new SingleBar(
          { stream: ctx.io.stderr as NodeJS.WriteStream, format: `${label} {bar} {value}/{total}`, hideCursor: true, clearOnComplete: true },
          Presets.shades_classic,
        )
        bar.start(total, 0)
      }
      bar.update(done)
    },
    stop() {
      bar?.stop()
    },
  }
}
