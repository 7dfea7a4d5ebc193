/** The only way the core learns the time: injected, so runs and tests are reproducible. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

export function fixedClock(iso: string): Clock {
  const at = new Date(iso);
  return () => new Date(at.getTime());
}
