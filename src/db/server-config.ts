import { once } from 'node:events'
import { connect as tcpConnect } from 'node:net'
import { UsageError } from '../errors.js'

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify']

/**
 * The connection string pg is given for a server URL, with `sslmode` meaning what it
 * means to libpq (psql, and docs/configuration.md).
 *
 * pg 8 reads sslmode=prefer, require and verify-ca as verify-full and prints a
 * ten-line "SECURITY WARNING" about it on every run. Its libpq mode
 * (`uselibpqcompat=true`, which pg-connection-string documents for this) gives the
 * libpq meanings and no warning: require encrypts without checking the certificate,
 * verify-ca checks it against sslrootcert, verify-full checks the host name too. What
 * pg cannot do is fall back to an unencrypted connection, which is what prefer (and
 * allow) do when the server has no SSL: for those, one SSLRequest asks the server
 * first, and a server that answers "no" is connected to without SSL.
 */
export async function serverConnectionString(url: string): Promise<string> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url
  }
  const params = parsed.searchParams
  const mode = params.get('sslmode')
  if (mode === null || params.has('uselibpqcompat')) return url
  // As libpq, which refuses both; pg would ignore the first and throw a paragraph for the second.
  if (!SSL_MODES.includes(mode)) {
    throw new UsageError(`Unknown sslmode=${mode} in DATABASE_URL / --db.`, `Use one of ${SSL_MODES.slice(0, 6).join(', ')}.`)
  }
  if (mode === 'verify-ca' && !params.has('sslrootcert')) {
    throw new UsageError(
      'sslmode=verify-ca needs sslrootcert=FILE, the CA certificate to check the server against.',
      'Add it to DATABASE_URL / --db, or use sslmode=verify-full.',
    )
  }
  // pg's own spelling of "require without checking the certificate"; libpq mode does not know it.
  if (mode === 'no-verify') params.set('sslmode', 'require')
  if (mode === 'prefer' || mode === 'allow') {
    const host = params.get('host') ?? (parsed.hostname.replace(/^\[|\]$/g, '') || 'localhost')
    const port = Number(params.get('port') ?? (parsed.port || 5432))
    // libpq never uses SSL on a Unix socket.
    const ssl = !host.startsWith('/') && (await serverOffersSsl(host, port))
    params.set('sslmode', ssl ? 'require' : 'disable')
  }
  params.set('uselibpqcompat', 'true')
  return parsed.toString()
}

// PostgreSQL's SSLRequest: length 8, then the code 1234.5679.
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f])

/**
 * Sends an SSLRequest and reads the one-byte answer: 'S' (yes) or 'N' (no). A server
 * that cannot be reached counts as offering SSL, so the real connection fails and
 * its error is explained as any other (connect.ts translateConnectError).
 */
async function serverOffersSsl(host: string, port: number): Promise<boolean> {
  const socket = tcpConnect({ host, port })
  socket.setTimeout(5000, () => socket.destroy(new Error('timeout')))
  try {
    await once(socket, 'connect')
    socket.write(SSL_REQUEST)
    const [answer] = (await once(socket, 'data')) as [Buffer]
    return answer[0] !== 0x4e // 'N'
  } catch {
    return true
  } finally {
    socket.destroy()
  }
}
