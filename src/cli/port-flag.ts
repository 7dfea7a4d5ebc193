import { decimalFlag } from './decimal-flag.js';

/** `--port` of `serve` and `mail serve`. */
export const PortFlag = decimalFlag('a port is a decimal number from 0 to 65535', 0, 65_535);
