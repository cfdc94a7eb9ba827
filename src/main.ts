// Process glue: the real streams and environment in, the exit code out.
const args = process.argv.slice(2)

// `wishlist --version` is how scripts check that the tool is there: answer it without
// loading the command-line program (about 25 ms of a 90 ms start; docs/performance.md).
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${(await import('./version.js')).version}\n`)
} else {
  // `wishlist show | head -1`: the reader has gone, so there is nobody left to tell.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
  const { runCli } = await import('./cli.js')
  process.exitCode = await runCli({
    argv: process.argv,
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  })
}
