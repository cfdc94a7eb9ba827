import { closest, distance } from 'fastest-levenshtein'
import { quote } from '../output/words.js'

/** A "did you mean" for a mistyped name, when one of the candidates is close. */
export function didYouMean(input: string, candidates: string[]): string | undefined {
  if (candidates.length === 0) return undefined
  const lowered = candidates.map((candidate) => candidate.toLowerCase())
  const best = closest(input.toLowerCase(), lowered)
  const limit = Math.max(2, Math.floor(input.length / 3))
  if (distance(input.toLowerCase(), best) > limit) return undefined
  return `Did you mean ${quote(candidates[lowered.indexOf(best)])}?`
}
