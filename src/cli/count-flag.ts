import { decimalFlag } from './decimal-flag.js';

/** A count such as `--sentences` or `--words`: 1 or more. */
export const CountFlag = decimalFlag('a whole number of 1 or more, in decimal digits', 1, Number.MAX_SAFE_INTEGER);
