/** How many books the pickers show for one search. */
export const PICKER_SIZE = 20

/** A book title in a confirmation: “Dune”. (ctx.info makes it safe to print.) */
export function quoted(title: string): string {
  return `“${title}”`
}
