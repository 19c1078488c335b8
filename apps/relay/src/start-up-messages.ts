import type { AddressInfo } from 'node:net';

/**
 * The URL of the socket as bound. Nest's `getUrl()` writes 127.0.0.1 for a socket bound to
 * 0.0.0.0, which hides that the relay is reachable from other hosts.
 */
export function boundUrl(address: AddressInfo | string | null): string {
  if (address === null) return 'an unknown address';
  if (typeof address === 'string') return address; // a Unix socket or a pipe
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}

/** The one line a failed start prints: the reason, on a single line, with no stack. */
export function startFailureLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `otx-relay failed to start: ${message.replace(/\s*\n\s*/g, ' ').trim()}`;
}
