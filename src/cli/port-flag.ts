import * as z from 'zod';

const MESSAGE = 'a port is a decimal number from 0 to 65535';

/** `--port` of `serve` and `mail serve`. Digits only: Number() would also take '' (0, any port), '0x10' and '1e3' for a typo. */
export const PortFlag = z
  .string()
  .regex(/^\d{1,5}$/, MESSAGE)
  .transform(Number)
  .pipe(z.number().max(65_535, MESSAGE));
