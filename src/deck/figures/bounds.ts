import { z } from 'zod';

/**
 * Bounds shared by the figures: the layout's work grows with the years spanned and the rows drawn,
 * so a typo like `signed: 9007199254740991` must be refused at its line, not drawn (it ran 49 s and
 * ran out of memory). Generous for any history lecture, small enough to draw in milliseconds.
 */
export const YEAR_MIN = 1;
export const YEAR_MAX = 3000;
export const MAX_ROWS = 200;

/** A year in a data file. */
export const yearSchema = z
  .number()
  .int('write a whole year, e.g. 1987')
  .min(YEAR_MIN, 'write the year as a number, e.g. 1987')
  .max(YEAR_MAX, `a year must be at most ${YEAR_MAX}`);

/** A year given as a figure option (`from=1945`). */
export const yearOption = z.coerce
  .number({ error: `write a year from ${YEAR_MIN} to ${YEAR_MAX}, e.g. from=1945` })
  .int('write a whole year, e.g. from=1945')
  .min(YEAR_MIN, `a year must be between ${YEAR_MIN} and ${YEAR_MAX}`)
  .max(YEAR_MAX, `a year must be between ${YEAR_MIN} and ${YEAR_MAX}`);
