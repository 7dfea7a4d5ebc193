import * as z from 'zod';

/**
 * A flag's whole-number value, written in decimal digits only and within `min`..`max`. Number() and
 * `z.coerce.number()` also take '' (0), '0x10', '1e3' and ' 5': typos that would run with a number nobody
 * typed. Leading zeros are digits too (`080` is 80).
 */
export function decimalFlag(message: string, min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().min(min, message).max(max, message));
}
