import { STATE_OBJECT_META } from '../storage/content-type.js';
import { claimedOutputName } from '../storage/real-path.js';
import type { Store } from '../storage/store.js';
import { OUTPUT_CLAIM_KEY } from './state.js';

/** The state location's record of the output its runs write into (see OUTPUT_CLAIM_KEY). */
export interface OutputClaim {
  /** The output its runs write into (see `claimedOutputName`); absent in claims written before. */
  output?: string;
  /** Written by `--rebuild-state` until its state is saved. */
  rebuilding?: true;
  /**
   * Written by a run that finds no state until its state is saved: a later run that finds no state and
   * this mark is that first run's continuation; without it, the state was lost after it was saved.
   */
  firstRun?: true;
}

/** The claim in `state`, `{}` for one written before claims named their output, `null` for none. */
export async function readOutputClaim(state: Store): Promise<OutputClaim | null> {
  return parseOutputClaim(await state.read(OUTPUT_CLAIM_KEY));
}

/** The output the claim names, when it is not `location` (see `claimedOutputName`). */
export function claimElsewhere(claim: OutputClaim | null, location: string | undefined): string | undefined {
  return claim?.output !== undefined && location !== undefined && claim.output !== location ? claim.output : undefined;
}

export async function writeOutputClaim(output: Store, state: Store, extra: Omit<OutputClaim, 'output'>): Promise<void> {
  const location = claimedOutputName(output, state);
  const claim = { writtenBy: 'feedwright', ...(location ? { output: location } : {}), ...extra };
  await state.write(OUTPUT_CLAIM_KEY, `${JSON.stringify(claim)}\n`, STATE_OBJECT_META);
}

/** The claim, `{}` for one written before claims named their output, `null` for none. */
function parseOutputClaim(bytes: Uint8Array | null): OutputClaim | null {
  if (bytes === null) return null;
  try {
    const value = JSON.parse(new TextDecoder().decode(bytes)) as { output?: unknown; rebuilding?: unknown; firstRun?: unknown };
    return {
      ...(typeof value.output === 'string' ? { output: value.output } : {}),
      ...(value.rebuilding === true ? { rebuilding: true as const } : {}),
      ...(value.firstRun === true ? { firstRun: true as const } : {}),
    };
  } catch {
    return {};
  }
}
