import type { OtxQueryableType } from '../otx.constants';
import type { OtxMatchTarget } from './otx-match-target';
import { OtxEndpoint, OtxException } from '../otx.exception';

/** Cache (and coalescing) keys, partitioned by the key hash: private pulses differ per key. */
export const otxCacheKeys = {
  general: (keyHash: string, type: string, value: string) => `${keyHash}:general:${type}:${value}`,
  pulse: (keyHash: string, pulseId: string, kind: OtxQueryableType, value: string) =>
    `${keyHash}:pulse:${encodeURIComponent(pulseId)}:${kind}:${value}`,
  page: (keyHash: string, path: string, wanted: OtxMatchTarget[]) =>
    `${keyHash}:page:${path}#${JSON.stringify(wanted.map((w) => `${w.kind}:${w.value}`).sort())}`,
};

/**
 * A key Node cannot put in a header is never sent: OTX would not accept it anyway (contract
 * §3.3). Nor is an empty one: OTX would serve the call as anonymous, on a shared tiny quota.
 */
export function unsendableKeyFailure(endpoint: OtxEndpoint, empty = false): OtxException {
  const detail = empty
    ? 'API key is empty; an anonymous call is never made'
    : 'API key is not a valid HTTP header value; not sent';
  return new OtxException('UNAUTHORIZED', endpoint, detail);
}

/** Failures of a shared call that belong to its starter's deadline, not to who joined it. */
export function isCutShort(error: unknown): boolean {
  return error instanceof OtxException && (error.code === 'DEADLINE' || error.code === 'BUDGET');
}
