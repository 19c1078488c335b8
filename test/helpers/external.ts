/**
 * The suite against a relay and simulator already running elsewhere (RELAY_URL and OTX_SIM_URL),
 * and what such a relay must be for each test. Kept free of Nest so that Jest's global setup can
 * read it.
 */

/** Set both to run the suite against a relay and simulator already running elsewhere. */
export const EXTERNAL =
  process.env.RELAY_URL && process.env.OTX_SIM_URL
    ? {
        relay: process.env.RELAY_URL.replace(/\/+$/, ''),
        sim: process.env.OTX_SIM_URL.replace(/\/+$/, ''),
      }
    : null;

/** OTX_TIMEOUT_MS of the relay under test: tests that see an OTX timeout expect this figure. */
export const E2E_OTX_TIMEOUT_MS = 500;

/**
 * Whether the relay under test times OTX out after E2E_OTX_TIMEOUT_MS: always for the suite's
 * own relays; for an external one only when RELAY_OTX_TIMEOUT_MS says it was started with it
 * (a relay with the default 10 s would hit its request deadline first).
 */
export const HAS_E2E_OTX_TIMEOUT =
  !EXTERNAL || process.env.RELAY_OTX_TIMEOUT_MS === String(E2E_OTX_TIMEOUT_MS);

/** What an external relay needs, as printed before the suite runs against one. */
export function externalTargetNotice(): string {
  const half = ['RELAY_URL', 'OTX_SIM_URL'].filter((n) => process.env[n]);
  if (!EXTERNAL && half.length === 1) {
    return `${half[0]} alone is ignored: set RELAY_URL and OTX_SIM_URL to test a running relay.`;
  }
  if (!EXTERNAL) return '';
  const lines = [
    `e2e against the relay at ${EXTERNAL.relay} and the simulator at ${EXTERNAL.sim}. Needed:`,
    '  - the relay asks that simulator for OTX and for the token keys: OTX_BASE_URL=<OTX_SIM_URL>,',
    '    JWKS_ALLOWED_HOSTS=<host:port of OTX_SIM_URL>, JWKS_URL_TEMPLATE=http://{host}/.well-known/jwks;',
    '  - the simulator accepts the OTX key test-otx-key;',
    '  - the relay sees RELAY_URL as its own URL (tokens carry it as aud), or JWT_AUDIENCE=<RELAY_URL>;',
    '  - the other settings at their defaults.',
    '  Skipped: the suites that start relays of their own configuration (in-process only).',
  ];
  if (!HAS_E2E_OTX_TIMEOUT) {
    lines.push(
      `  Skipped: the tests of an OTX timeout, which need OTX_TIMEOUT_MS=${E2E_OTX_TIMEOUT_MS};` +
        ` set RELAY_OTX_TIMEOUT_MS=${E2E_OTX_TIMEOUT_MS} when the relay runs with it.`,
    );
  }
  return lines.join('\n');
}
