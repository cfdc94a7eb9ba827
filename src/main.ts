// Process glue: the real streams and environment in, the exit code out.
// bin/wishlist runs this from the bundle (scripts/bundle.mjs); it answers --version itself.
import { runCli } from './cli.js'

// `wishlist show | head -1`: the reader has gone, so there is nobody left to tell.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

// Ctrl-C while a command has said what it means (an import: nothing was imported).
// Ending the process closes its connection, and PostgreSQL rolls back the open
// transaction; without an explanation Ctrl-C keeps its default.
let explanation: string | undefined
const interrupted = () => {
  // On a terminal a progress bar may be on the line, with the cursor hidden: clear
  // the line and show the cursor again before saying what happened.
  if (process.stderr.isTTY) process.stderr.write('\r\u001b[K\u001b[?25h')
  process.stderr.write(`${explanation ?? 'Interrupted.'}\n`)
  process.exit(130)
}

runCli({
  interrupts: {
    hold() {
      const ignore = () => {}
      process.on('SIGINT', ignore)
      return () => process.off('SIGINT', ignore)
    },
    explain(message) {
      explanation = message
      process.off('SIGINT', interrupted)
      if (message !== undefined) process.on('SIGINT', interrupted)
    },
  },
  argv: process.argv,
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  process.exitCode = code
})
