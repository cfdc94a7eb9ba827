import { quote } from '../../output/words.js'

/** How many books the pickers show for one search. */
export const PICKER_SIZE = 20

/** A --published that is not a date (books add, books edit). */
export function notADate(input: string): string {
  return `${quote(input)} is not a date: --published takes YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2013, 2013-06 or 2013-06-25.`
}
