import type { Context } from '../../context.js'

export interface Progress {
  /** How many bytes of the input have been read. */
  update(bytes: number): void
  /** What the work is doing now, shown after the bar (the input may be read by then). */
  step(text: string): void
  stop(): void
}

/** Work shorter than this shows no bar at all. */
const QUIET_MS = 300

/**
 * Progress through an input on stderr, only when stderr is a terminal (never in a
 * pipe or a log) and the work takes more than a moment: a bar over `size` bytes
 * when the size is known (a file), else the amount read so far (standard input),
 * then the time taken and the current step. cli-progress is loaded only then, and
 * redraws the line every 100 ms, so the time moves on while a long statement runs.
 */
export async function startProgress(ctx: Context, size: number | undefined, label: string): Promise<Progress> {
  if (!ctx.io.stderrIsTTY || ctx.options.quiet || size === 0) return { update() {}, step() {}, stop() {} }
  const { SingleBar, Presets } = (await import('cli-progress')).default
  const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`
  const amount = size === undefined ? '{read} read' : '{bar} {percentage}% of {size}'
  let bar: InstanceType<typeof SingleBar> | undefined
  let bytes = 0
  let step = ''
  // The bar appears once the work has taken QUIET_MS, whether it is reading or not.
  const appear = setTimeout(() => {
    bar = new SingleBar(
      {
        stream: ctx.io.stderr as NodeJS.WriteStream,
        format: `${label} ${amount} · {duration_formatted}{step}`,
        hideCursor: true,
        clearOnComplete: true,
      },
      Presets.shades_classic,
    )
    // Without a size there is no end to show: the total only keeps cli-progress counting.
    bar.start(size ?? Number.MAX_SAFE_INTEGER, bytes, { read: megabytes(bytes), size: megabytes(size ?? 0), step })
  }, QUIET_MS)
  return {
    update(bytesRead) {
      bytes = bytesRead
      bar?.update(bytesRead, { read: megabytes(bytesRead) })
    },
    step(text) {
      step = ` · ${text}`
      bar?.update({ step })
    },
    stop() {
      clearTimeout(appear)
      bar?.stop()
    },
  }
}
