import { renderReferRounds } from './refer-share';
import {
  checkTargets,
  correctnessNotes,
  floorMs,
  floorRatio,
  type BenchResults,
  type LightResults,
} from './bench-targets';
import { heavySections } from './heavy-report';
import { LOAD_WARM_UP_S, type LoadResult } from './load-runs';
import { median } from './observe-batches';

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const table = (head: string[], rows: string[][]) =>
  [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
const verdict = (met: boolean | undefined) =>
  met === undefined ? 'not measured' : met ? 'met' : 'not met';

/** The whole report as Markdown (printed, and written to docs/benchmarks.md). */
export function renderReport(r: BenchResults): string {
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`scripts/bench/`); every run overwrites this file. It is a',
    'benchmark, not a test: targets that are not met are reported, never failed on.',
    '',
    '## Machine',
    '',
    machineTable(r),
    '',
    '## Targets (issues 3 and 10)',
    '',
    table(
      ['Issue', 'Target', 'Figure', 'Result'],
      checkTargets(r).map((t) => [String(t.issue), t.target, t.figure, verdict(t.met)]),
    ),
    '',
    ...(r.light ? lightSections(r.light) : []),
    ...(r.heavy ? heavySections(r.heavy) : []),
    `Whole run: ${Math.round(r.runSeconds)} s.`,
    '',
  ].join('\n');
}

function lightSections(r: LightResults): string[] {
  const nestShare = r.refer.requestsPerS / r.referNest.requestsPerS;
  return [
    '## Set-up (light workload)',
    '',
    ...setup(r),
    '',
    '## `/observe/observables` batches',
    '',
    batchTable(r),
    '',
    ...correctness(r),
    '## Under load (autocannon)',
    '',
    loadTable([r.refer, r.referCeiling, r.referNest, r.observe]),
    '',
    `The relay's /refer makes ${share(r.refer.requestsPerS, r.referCeiling.requestsPerS)} of the ` +
      'requests per second of plain Fastify sending the same answer (no validation, auth, logs ' +
      'or metrics) under the same load on the same machine: the ceiling here. A bare Nest route ' +
      `sending it makes ${share(r.referNest.requestsPerS, r.referCeiling.requestsPerS)}: Nest itself.`,
    '',
    `Per-request overhead (issue 10): in the run above the relay's /refer makes ${Number.isFinite(nestShare) ? nestShare.toFixed(2) : 'n/a'}× ` +
      'the requests per second of the bare Nest route: what validation, the request context, ' +
      'the log line and the metrics cost beyond Nest and Fastify. The target (≥ 0.6×) is read ' +
      'from the rounds below, the relay and the bare route loaded in turns, whose median moves ' +
      'much less with the load of the moment than one run each.',
    '',
    renderReferRounds(r.referRounds, undefined, '###'),
    'Server CPU is the CPU time the server process used per answer during the measured run ' +
      '(`/proc/<pid>/stat`): unlike requests per second, it hardly depends on the load generator ' +
      'or on other processes sharing the machine.',
    '',
    `With all ${r.connections} connections busy, latency ≈ connections ÷ throughput (Little's law):`,
    `a p50 of 10 ms at this concurrency takes about ${(r.connections * 100).toLocaleString('en-US')} req/s.`,
    '',
    `Relay peak RSS (VmHWM) over issue 3's light workload (batches up to 100, then the loads; larger batches run after it and report their own in the batch table): ${r.peakRssBytes === undefined ? 'not measured' : `${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB`}.`,
    '',
  ];
}

function machineTable(r: BenchResults): string {
  const m = r.machine;
  const commit = `${m.commit}${m.dirty ? ' + uncommitted changes in apps/ or libs/' : ''}`;
  const head = ['CPU', 'Cores', 'RAM', 'Node', 'OS', 'Date (UTC)', 'Commit', 'Relay built'];
  const row = [m.cpu, String(m.cores), `${m.ramGiB} GiB`, m.node, m.os, m.date, commit];
  return [
    table([...head, 'Load avg before'], [[...row, m.relayBuiltAt, String(m.loadBefore)]]),
    ...(m.loadBefore > 1 ? ['', BUSY_NOTE] : []),
  ].join('\n');
}

const BUSY_NOTE =
  '**Other processes were using the CPU when this run started** (1-minute load average ' +
  'above 1): the relay, the simulator and the load generator may have had less than the ' +
  'whole machine, so timings and throughput are pessimistic. OTX request counts and RSS are ' +
  'not affected.';

function setup(r: LightResults): string[] {
  const c = r.corpus;
  const env = Object.entries(r.relayEnv)
    .filter(([k]) => !['HOST', 'PORT', 'OTX_BASE_URL'].includes(k) && !k.startsWith('JWKS_'))
    .map(([k, v]) => `\`${k}=${v}\``);
  return [
    `- Simulator: ${r.latencyMs} ms added to every OTX request; ${c.observables} synthetic`,
    '  observables (ip, ipv6, domain, url, md5, sha1, sha256 in rotation), each listed by `general`',
    `  in ${c.pulsesPerObservable} pulses of its own and found on page ${c.matchPage} of each`,
    `  (${c.pageSize} newer indicators first; pages of ${c.pageSize}).`,
    `- Relay: \`dist/apps/relay/main.js\` with its defaults except ${env.join(', ') || 'none'}` +
      (r.relayNodeArgs.length ? ` and node options \`${r.relayNodeArgs.join(' ')}\`,` : ','),
    '  on 127.0.0.1 with the simulator as OTX and JWKS host; token `CTR_ENTITIES_LIMIT` 1000.',
    '- Cold: observables never asked before. Warm: the same batch again, ' +
      `${r.warmRepeats} times (median wall time).`,
    `- Floor = max(${r.sequentialRoundTrips} sequential round trips × ${r.latencyMs} ms,`,
    `  OTX requests × ${r.latencyMs} ms ÷ OTX_CONCURRENCY ${r.otxConcurrency}).`,
    `- Python relay's algorithm: general + one page walk per pulse, per observable =`,
    `  1 + ${c.pulsesPerObservable} × ${c.matchPage} requests an observable.`,
    `- Load: autocannon, ${r.connections} connections, ${r.durationS} s per endpoint after an`,
    `  unmeasured ${LOAD_WARM_UP_S} s warm-up; the load generator shares the machine with the relay.`,
  ];
}

function batchTable(r: LightResults): string {
  const rows = r.batches.map((b) => {
    const ratio = floorRatio(r, b.cold);
    const warmOtx = b.warm.reduce((n, w) => n + w.otxRequests, 0);
    return [
      String(b.size),
      ms(b.cold.ms),
      String(b.cold.otxRequests),
      String(b.pythonRequests),
      ms(floorMs(r, b.cold)),
      ratio === undefined ? '—' : `${ratio.toFixed(2)}×`,
      `${b.cold.sightings}/${b.expectedSightings}`,
      ms(median(b.warm.map((w) => w.ms))),
      String(warmOtx),
      b.relayPeakRssBytes === undefined
        ? 'n/a'
        : `${(b.relayPeakRssBytes / 2 ** 20).toFixed(0)} MiB`,
    ];
  });
  const head = ['Batch', 'Cold wall', 'Cold OTX req', 'Python algo req', 'Floor', 'Cold ÷ floor'];
  const tail = [
    'Sightings',
    'Warm wall (median)',
    'Warm OTX req (all repeats)',
    'Relay VmHWM after',
  ];
  return table([...head, ...tail], rows);
}

function correctness(r: LightResults): string[] {
  const notes = correctnessNotes(r);
  if (notes.length === 0) return ['Every answer held all expected sightings and no errors.', ''];
  return [
    'Answers that lacked sightings or carried errors:',
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
}

function loadTable(loads: LoadResult[]): string {
  return table(
    ['Endpoint', 'Req/s', 'Server CPU', 'p50', 'p99', 'Requests', 'Non-2xx', 'Errors', 'OTX req'],
    loads.map((l) => [
      l.label,
      Math.round(l.requestsPerS).toLocaleString('en-US'),
      l.serverCpuUsPerRequest === undefined ? 'n/a' : `${Math.round(l.serverCpuUsPerRequest)} µs`,
      `${l.p50Ms} ms`,
      `${l.p99Ms} ms`,
      l.total.toLocaleString('en-US'),
      String(l.non2xx),
      String(l.errors),
      String(l.otxRequests),
    ]),
  );
}

function share(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : 'n/a';
}
