import { expect } from 'chai'
import { runBinary } from '../helpers/run.js'
import { HOSTILE, UNSAFE_ON_TERMINAL } from '../output/hostile.js'

describe('usage errors', () => {
  it('exit 2 with the error and the mistyped command’s own help, before any database work', async () => {
    const cases: [string[], RegExp][] = [
      [['show', '--sort', 'x'], /argument 'x' is invalid[^\n]*\nRun 'wishlist show --help' for usage\.\n$/],
      [['lists', 'create'], /missing required argument 'NAME'\nRun 'wishlist lists create --help' for usage\.\n$/],
      [['--bogus'], /unknown option '--bogus'\nRun 'wishlist --help' for usage\.\n$/],
      [['bogus'], /unknown command 'bogus'/],
    ]
    for (const [args, message] of cases) {
      const result = await runBinary(undefined, args, { env: { WISHLIST_DATA_DIR: '/nonexistent/wishlist-usage-test' } })
      expect(result.code, args.join(' ')).to.equal(2)
      expect(result.stderr, args.join(' ')).to.match(message)
      expect(result.stdout).to.equal('')
    }
  })

  it('commander’s messages show the unsafe characters of argv escaped, never raw', async () => {
    for (const sample of Object.values(HOSTILE)) {
      const cases: [string[], RegExp][] = [
        [[`bogus${sample}`], /unknown command 'bogus/],
        // One character away from `show`: commander suggests it.
        [[`sh${sample[0]}w`], /unknown command 'sh[^']*w'\n\(Did you mean show\?\)/],
        [[`--bogus${sample}`], /unknown option '--bogus/],
        [['show', '--sort', `title${sample}`], /argument 'title[^']*' is invalid/],
        [['show', '--limit', `5${sample}`], /argument '5[^']*' is invalid/],
      ]
      for (const [args, message] of cases) {
        const result = await runBinary(undefined, args, { env: { WISHLIST_DATA_DIR: '/nonexistent/wishlist-usage-test' } })
        expect(result.code, JSON.stringify(args)).to.equal(2)
        expect(result.stderr, JSON.stringify(args)).to.match(message)
        expect(result.stderr, JSON.stringify(args)).not.to.match(UNSAFE_ON_TERMINAL)
      }
    }
  })
})
