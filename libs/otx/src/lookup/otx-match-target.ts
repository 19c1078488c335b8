import type { OtxQueryableType } from '../otx.constants';
import { canonicalIndicator } from './otx-canonical.util';

/** One value to find in a pulse, in the canonical form of its type (contract §11 item 13). */
export interface OtxMatchTarget {
  kind: OtxQueryableType;
  value: string;
}

/** The target for a caller's `value` of `kind`. */
export function matchTarget(kind: OtxQueryableType, value: string): OtxMatchTarget {
  return { kind, value: canonicalIndicator(kind, value) };
}
