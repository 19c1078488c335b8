/** Arguments of `main.js mint-token`. */
export interface MintTokenArgs {
  simUrl: string;
  /** One URL, or a list when `--aud` is given more than once (a token for each of them). */
  aud: string | string[];
  key: string;
  jwksHost: string;
  limit?: number;
  ttl: number;
}

const FLAGS = ['sim-url', 'aud', 'key', 'jwks-host', 'limit', 'ttl'] as const;
type Flag = (typeof FLAGS)[number];

/** Usage text printed on a bad command line. */
export const MINT_TOKEN_USAGE =
  'usage: main.js mint-token --sim-url <url> --aud <relay url> [--aud <another url>]... ' +
  '[--key test-otx-key] ' +
  '[--jwks-host <host:port>] [--limit <CTR_ENTITIES_LIMIT>] [--ttl 3600]';

/**
 * Parses `--flag value` / `--flag=value` arguments.
 * @throws Error with the problem and the usage text.
 */
export function parseMintTokenArgs(argv: readonly string[]): MintTokenArgs {
  const all = readFlags(argv);
  const values = Object.fromEntries(
    Object.entries(all).map(([flag, given]) => [flag, given.at(-1)]),
  ) as Partial<Record<Flag, string>>;
  const fail = (problem: string): never => {
    throw new Error(`${problem}\n${MINT_TOKEN_USAGE}`);
  };
  const simUrl = values['sim-url'] ?? fail('--sim-url is required');
  const auds = all.aud ?? fail('--aud is required');
  const aud = auds.length === 1 ? auds[0] : auds;
  let host: string;
  try {
    host = new URL(simUrl).host;
  } catch {
    return fail('--sim-url is not a URL');
  }
  const int = (flag: Flag, fallback?: number) => {
    const raw = values[flag];
    if (raw === undefined) return fallback;
    return /^\d+$/.test(raw) ? Number(raw) : fail(`--${flag} must be a whole number`);
  };
  return {
    simUrl: simUrl.replace(/\/+$/, ''),
    aud,
    key: values.key ?? 'test-otx-key',
    jwksHost: values['jwks-host'] ?? host,
    limit: int('limit'),
    ttl: int('ttl', 3600) ?? 3600,
  };
}

/** Every value of each flag, in order (the last one counts, but for `--aud`). */
function readFlags(argv: readonly string[]): Partial<Record<Flag, string[]>> {
  const values: Partial<Record<Flag, string[]>> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    const flag = match?.[1] as Flag | undefined;
    if (!match || !flag || !FLAGS.includes(flag))
      throw new Error(`unknown argument ${argv[i]}\n${MINT_TOKEN_USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${flag} needs a value\n${MINT_TOKEN_USAGE}`);
    (values[flag] ??= []).push(value);
  }
  return values;
}

/**
 * Asks a running simulator (`POST /_sim/token`) for a Threat Response-style configuration token.
 * @throws Error when the simulator cannot be reached or refuses.
 */
export async function mintToken(args: MintTokenArgs): Promise<string> {
  const claims: Record<string, unknown> = {
    key: args.key,
    jwks_host: args.jwksHost,
    aud: args.aud,
  };
  if (args.limit !== undefined) claims.CTR_ENTITIES_LIMIT = args.limit;
  const res = await fetch(`${args.simUrl}/_sim/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ claims, expiresInSec: args.ttl }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  // The answer holds the token on success only; on failure it is the sim's own detail.
  if (res.status !== 200) throw new Error(`the simulator answered ${res.status}: ${text}`);
  return (JSON.parse(text) as { token: string }).token;
}
