import type { Context } from '../../context.js'

export interface Progress {
  /** How many bytes of the input have been read. */
  update(bytes: number): void
  stop(): void
}

/** Work shorter than this shows no bar at all. */
const QUIET_MS = 300

/**
 * Progress through an input on stderr, only when stderr is a terminal (never in a
 * pipe or a log) and the work takes more than a moment: a bar over `size` bytes
 * when the size is known (a file), else the amount read so far (standard input).
 * cli-progress is loaded only then.
 */
export async function startProgress(ctx: Context, size: number | undefined, label: string): Promise<Progress> {
  if (!ctx.io.stderrIsTTY || ctx.options.quiet || size === 0) return { update() {}, stop() {} }
  const { SingleBar, Presets } = (await import('cli-progress')).default
  const started = Date.now()
  const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`
  let bar: InstanceType<typeof SingleBar> | undefined
  return {
    update(bytes) {
      if (!bar && Date.now() - started < QUIET_MS) return
      if (!bar) {
        bar = new SingleBar(
          {
            stream: ctx.io.stderr as NodeJS.WriteStream,
            format: size === undefined ? `${label} {read} read` : `${label} {bar} {percentage}% of {size}`,
            hideCursor: true,
            clearOnComplete: true,
          },
          Presets.shades_classic,
        )
        // Without a size there is no end to show: the total only keeps cli-progress counting.
        bar.start(size ?? Number.MAX_SAFE_INTEGER, 0, { read: megabytes(0), size: megabytes(size ?? 0) })
      }
      bar.update(bytes, { read: megabytes(bytes) })
    },
    stop() {
      bar?.stop()
    },
  }
}
