import pg from 'pg'

/**
 * Both backends speak to PostgreSQL through node-postgres, so its type parsing is set
 * once here: dates stay 'YYYY-MM-DD' strings (no time zone shifts), and bigint counts
 * come back as numbers.
 */
const DATE_OID = 1082
const INT8_OID = 20
pg.types.setTypeParser(DATE_OID, (value) => value)
pg.types.setTypeParser(INT8_OID, (value) => Number(value))

export default pg
