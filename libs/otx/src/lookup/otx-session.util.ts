import { OtxMatchKind } from './otx-pulse-walk';
import { OtxEndpoint, OtxException } from '../otx.exception';

/** Cache (and coalescing) keys, partitioned by the key hash: private pulses differ per key. */
export const otxCacheKeys = {
  general: (keyHash: string, type: string, value: string) => `${keyHash}:general:${type}:${value}`,
  pulse: (keyHash: string, pulseId: string, kind: OtxMatchKind, value: string) =>
    `${keyHash}:pulse:${encodeURIComponent(pulseId)}:${kind}:${value}`,
  page: (keyHash: string, path: string) => `${keyHash}:page:${path}`,
};

/** A key Node cannot put in a header is never sent: OTX would not accept it anyway (§3.3). */
export function unsendableKeyFailure(endpoint: OtxEndpoint): OtxException {
  return new OtxException(
    'UNAUTHORIZED',
    endpoint,
    'API key is not a valid HTTP header value; not sent',
  );
}

/** Failures of a shared call that belong to its starter's deadline, not to who joined it. */
export function isCutShort(error: unknown): boolean {
  return error instanceof OtxException && (error.code === 'DEADLINE' || error.code === 'BUDGET');
}
