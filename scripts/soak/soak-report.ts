import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { MachineInfo } from '../bench/machine-info';
import type { FaultCounts } from './fault-injector';
import type { SoakTally } from './soak-mix';
import type { SoakOptions } from './soak-options';

/** Everything one soak run measured. */
export interface SoakResults {
  options: SoakOptions;
  /** Where and on what code the soak ran, read before the run (other work may land meanwhile). */
  machine: MachineInfo;
  relayEnv: Record<string, string>;
  served: number;
  requestsPerS: number;
  p99Ms: number;
  /** Answers that were not a valid envelope, plus connection errors and timeouts. */
  invalid: number;
  socketErrors: number;
  timeouts: number;
  restarts: number;
  restartNote: string;
  tally: SoakTally;
  faults: FaultCounts;
  eventLoopP99MaxMs: number | undefined;
  eventLoopP99MedianMs: number | undefined;
  rssEarly: { atS: number; bytes: number | undefined };
  rssEnd: { atS: number; bytes: number | undefined };
}

const START = '<!-- soak:start (written by npm run soak) -->';
const END = '<!-- soak:end -->';
const mib = (b: number | undefined) =>
  b === undefined ? 'not measured' : `${(b / 2 ** 20).toFixed(0)} MiB`;
const table = (head: string[], rows: string[][]) =>
  [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');

/** RSS growth from the early sample to the end, in %, when both were read. */
export function rssGrowthPct(r: Pick<SoakResults, 'rssEarly' | 'rssEnd'>): number | undefined {
  const [a, b] = [r.rssEarly.bytes, r.rssEnd.bytes];
  return a === undefined || b === undefined ? undefined : ((b - a) / a) * 100;
}

/** The "Soak" section as Markdown, between markers so that the next run replaces it. */
export function renderSoak(r: SoakResults): string {
  const m = r.machine;
  const growth = rssGrowthPct(r);
  const faultPct =
    r.faults.otxRequests === 0 ? 0 : (r.faults.injected / r.faults.otxRequests) * 100;
  const elMs = (v: number | undefined) => (v === undefined ? 'not measured' : `${v.toFixed(1)} ms`);
  return [
    START,
    '## Soak (issue 5)',
    '',
    'Written by `npm run soak` (`scripts/soak/`); each run replaces this section only. It fails',
    '(exit 1) on any answer that is not a valid envelope and on a relay restart, never on timings.',
    '',
    `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB, Node ${m.node}, ${m.date}, commit ${m.commit}` +
      `${m.dirty ? ' + uncommitted changes in apps/ or libs/' : ''}, relay built ${m.relayBuiltAt}.`,
    '',
    `- Load: autocannon, ${r.options.connections} connections for ${r.options.durationS} s on 127.0.0.1, every connection`,
    '  looping over the mix below; the load generator shares the machine with the relay.',
    `- Simulator: ${r.options.latencyMs} ms added per OTX request; bench corpus (fresh observables:`,
    '  1 `general` + 2 pages per pulse, 2 pulses each) beside the fixtures.',
    `- Faults: ${(r.options.faultRate * 100).toFixed(1)} % of OTX requests failed on purpose by simulator rules, in`,
    '  rotation: 500 HTML, 502, 503, 504, 429, 403, connection reset, HTML 200, truncated JSON, hang.',
    `- Relay: \`dist/apps/relay/main.js\` with ${Object.entries(r.relayEnv)
      .filter(
        ([k]) =>
          !['HOST', 'PORT', 'OTX_BASE_URL', 'JWKS_ALLOWED_HOSTS', 'JWKS_URL_TEMPLATE'].includes(k),
      )
      .map(([k, v]) => `\`${k}=${v}\``)
      .join(', ')} (the cache is kept small so lookups keep reaching OTX; the breaker`,
    '  is kept from stopping the OTX traffic the soak is about), its other settings the defaults.',
    '- Valid: HTTP 200 with `{data}`, `{errors: [{code, message, type}]}` or both, as the endpoint',
    '  allows (the deliberate errors must carry their code), `{version}`, the Health-Check value, or',
    '  the JSON 404/405 for the routing errors; a connection error or timeout counts as invalid.',
    '',
    table(
      ['Figure', 'Value', 'Requirement'],
      [
        [
          'Requests served',
          `${r.served.toLocaleString('en-US')} (${Math.round(r.requestsPerS)} req/s, p99 ${r.p99Ms} ms)`,
          '',
        ],
        [
          'Not a valid envelope',
          `${r.invalid} (errors ${r.socketErrors}, timeouts ${r.timeouts})`,
          `0: ${r.invalid === 0 ? 'met' : 'not met'}`,
        ],
        [
          'Relay restarts',
          `${r.restarts} (${r.restartNote})`,
          `0: ${r.restarts === 0 ? 'met' : 'not met'}`,
        ],
        [
          'OTX requests, failed on purpose',
          `${r.faults.otxRequests.toLocaleString('en-US')}, ${r.faults.injected.toLocaleString('en-US')} (${faultPct.toFixed(1)} %)`,
          '',
        ],
        [
          'Event-loop delay p99 (relay, per 2 s scrape)',
          `max ${elMs(r.eventLoopP99MaxMs)}, median ${elMs(r.eventLoopP99MedianMs)}`,
          '',
        ],
        [
          `RSS at ${r.rssEarly.atS} s → ${r.rssEnd.atS} s`,
          `${mib(r.rssEarly.bytes)} → ${mib(r.rssEnd.bytes)} (${growth === undefined ? '?' : `${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %`})`,
          `< 10 %: ${growth === undefined ? 'not measured' : growth < 10 ? 'met' : 'not met'}`,
        ],
      ],
    ),
    '',
    table(
      ['Mix entry', 'Answers', 'Invalid'],
      r.tally.entries.map((e) => [e.label, e.answers.toLocaleString('en-US'), String(e.invalid)]),
    ),
    '',
    ...(r.tally.invalidSamples.length > 0
      ? [
          'First invalid answers:',
          '',
          ...r.tally.invalidSamples.map((s) => `- \`${s.replace(/`/g, "'")}\``),
          '',
        ]
      : []),
    END,
    '',
  ].join('\n');
}

/** Replaces the soak section of `file`, or appends it; the rest of the file is kept as it is. */
/** The soak section of a file's text (markers included), or undefined when it has none. */
export function soakSectionOf(text: string): string | undefined {
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  return start >= 0 && end > start ? text.slice(start, end + END.length) : undefined;
}

export function writeSoakSection(file: string, section: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start >= 0 && end > start) {
    writeFileSync(file, text.slice(0, start) + section.trimEnd() + text.slice(end + END.length));
    return;
  }
  const sep = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  writeFileSync(file, text + sep + section);
}
