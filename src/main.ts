// Process glue: the real streams and environment in, the exit code out.
// bin/wishlist runs this from the bundle (scripts/bundle.mjs); it answers --version itself.
import { runCli } from './cli.js'

// `wishlist show | head -1`: the reader has gone, so there is nobody left to tell.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

runCli({
  argv: process.argv,
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  process.exitCode = code
})
