import { connect } from 'node:net'

/**
 * One simple query over PostgreSQL's wire protocol (trust authentication, text
 * results), for the native supervisor's check of the schema on every start: the pg
 * driver would add 15 MB to a process that then stays resident while it is idle.
 * Resolves with the rows as arrays of text (null for NULL); rejects with the server's
 * message and SQLSTATE (`code`) on an ErrorResponse.
 */
export function simpleQuery(socketPath: string, sql: string, timeoutMs = 10_000): Promise<(string | null)[][]> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath)
    const rows: (string | null)[][] = []
    let failure: Error | undefined
    let buffer = Buffer.alloc(0)
    const timer = setTimeout(() => finish(new Error(`no answer on ${socketPath} within ${timeoutMs} ms`)), timeoutMs)
    const finish = (error?: Error) => {
      clearTimeout(timer)
      socket.destroy()
      if (error) reject(error)
      else resolve(rows)
    }
    socket.once('error', (error) => finish(error))
    socket.once('connect', () => socket.write(startupMessage({ user: 'postgres', database: 'postgres' })))
    let queried = false
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk])
      while (buffer.length >= 5) {
        const length = buffer.readInt32BE(1)
        if (buffer.length < 1 + length) break
        const type = String.fromCharCode(buffer[0]!)
        const body = buffer.subarray(5, 1 + length)
        buffer = buffer.subarray(1 + length)
        if (type === 'R' && body.readInt32BE(0) !== 0) return finish(new Error('the server asked for a password'))
        if (type === 'E') failure = errorFrom(body)
        if (type === 'D') rows.push(dataRow(body))
        if (type === 'Z') {
          if (failure || queried) {
            socket.write(Buffer.from([0x58, 0, 0, 0, 4])) // Terminate
            return finish(failure)
          }
          queried = true
          socket.write(message('Q', Buffer.from(`${sql}\0`)))
        }
      }
    })
    socket.once('close', () => finish(failure ?? new Error(`${socketPath} closed the connection`)))
  })
}

function startupMessage(parameters: Record<string, string>): Buffer {
  const pairs = Object.entries(parameters).flatMap(([key, value]) => [key, value])
  const body = Buffer.from(`${pairs.join('\0')}\0\0`)
  const head = Buffer.alloc(8)
  head.writeInt32BE(8 + body.length, 0)
  head.writeInt32BE(196608, 4) // protocol 3.0
  return Buffer.concat([head, body])
}

function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5)
  head.write(type, 0)
  head.writeInt32BE(4 + body.length, 1)
  return Buffer.concat([head, body])
}

function dataRow(body: Buffer): (string | null)[] {
  const row: (string | null)[] = []
  let offset = 2
  for (let column = body.readInt16BE(0); column > 0; column--) {
    const length = body.readInt32BE(offset)
    offset += 4
    if (length < 0) row.push(null)
    else {
      row.push(body.toString('utf8', offset, offset + length))
      offset += length
    }
  }
  return row
}

function errorFrom(body: Buffer): Error {
  const fields: Record<string, string> = {}
  for (let offset = 0; offset < body.length && body[offset] !== 0; ) {
    const end = body.indexOf(0, offset + 1)
    fields[String.fromCharCode(body[offset]!)] = body.toString('utf8', offset + 1, end)
    offset = end + 1
  }
  return Object.assign(new Error(fields.M ?? 'unknown error'), { code: fields.C })
}
