import { expect } from 'chai'
import { redactUrl } from '../../src/db/target.js'
import { runBinary } from '../helpers/run.js'

describe('database URLs', () => {
  it('accepts only postgres:// and postgresql:// URLs, naming --db when it was given', async () => {
    const result = await runBinary(undefined, ['--db', 'mysql://root:pw1@localhost/test', 'db', 'info'])
    expect(result.code).to.equal(2)
    expect(result.stderr).to.match(/^error: --db must be a postgres:\/\/ or postgresql:\/\/ URL, not mysql:\/\/root:\*\*\*\*\*@localhost\/test\.\n/)
    expect(result.stderr).to.not.include('pw1')
    expect(result.stderr.trim().split('\n')).to.have.length(2)
  })

  it('names DATABASE_URL when the URL came from there, and --db when both are set', async () => {
    const fromEnv = await runBinary(undefined, ['db', 'info'], { env: { DATABASE_URL: 'notaurl' } })
    expect(fromEnv.code).to.equal(2)
    expect(fromEnv.stderr).to.match(/^error: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL, not notaurl\./)
    const fromFlag = await runBinary(undefined, ['--db', 'notaurl', 'db', 'info'], {
      env: { DATABASE_URL: 'postgres://postgres@127.0.0.1/postgres' },
    })
    expect(fromFlag.code).to.equal(2)
    expect(fromFlag.stderr).to.match(/^error: --db must be a postgres:\/\/ or postgresql:\/\/ URL, not notaurl\./)
  })

  it('masks every secret of a URL: the password, and secret query parameters', () => {
    expect(redactUrl('postgres://ada:s3cret@db.example/wl?password=s3cret&sslmode=require&sslpassword=k3y')).to.equal(
      'postgres://ada:*****@db.example/wl?password=*****&sslmode=require&sslpassword=*****',
    )
    expect(redactUrl('postgresql://db.example/wl?application_name=x')).to.equal('postgresql://db.example/wl?application_name=x')
    // Not parseable (a bad port, a space): masked all the same.
    expect(redactUrl('postgres://ada:p@ss:w0rd@db.example:99999/wl?password=s3cret')).to.equal(
      'postgres://ada:*****@db.example:99999/wl?password=*****',
    )
    expect(redactUrl('host=db.example password=s3cret dbname=wl')).to.equal('host=db.example password=***** dbname=wl')
  })
})
