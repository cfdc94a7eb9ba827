import { expect } from 'chai'
import { runBinary } from '../helpers/run.js'

describe('usage errors', () => {
  it('exit 2 with the error and the mistyped command’s own help, before any database work', async () => {
    const cases: [string[], RegExp][] = [
      [['show', '--sort', 'x'], /argument 'x' is invalid[^\n]*\nRun 'wishlist show --help' for usage\.\n$/],
      [['lists', 'create'], /missing required argument 'name'\nRun 'wishlist lists create --help' for usage\.\n$/],
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
})
