/** How many books the pickers show for one search. */
export const PICKER_SIZE = 20
