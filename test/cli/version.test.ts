import { expect } from 'chai'
import { readFileSync } from 'node:fs'
import { runBinary } from '../helpers/run.js'

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))

describe('wishlist --version', () => {
  it('prints the package version, alone or among other options', async () => {
    for (const args of [['--version'], ['-V'], ['--no-color', '--version']]) {
      const result = await runBinary(undefined, args)
      expect(result, args.join(' ')).to.deep.include({ code: 0, stdout: `${version}\n`, stderr: '' })
    }
  })
})
