import { runCli } from './cli.js'

process.exitCode = await runCli({
  argv: process.argv,
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
})
