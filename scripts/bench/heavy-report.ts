import { heavyIncomplete, heavyPeakRss, heavyRatio } from './bench-targets';
import type { HeavyResults, PageSizeResult } from './heavy-workload';
import { median } from './observe-batches';

const table = (head: string[], rows: string[][]) =>
  [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const mib = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const cpu = (ms: (number | undefined)[]) =>
  ms.some((m) => m === undefined) ? 'n/a' : seconds(median(ms as number[]));
const relayMs = (s: PageSizeResult) => median(s.relay.map((r) => r.ms));
const referenceMs = (s: PageSizeResult) => median(s.reference.map((r) => r.ms));
const relayCalls = (s: PageSizeResult) => median(s.relay.map((r) => r.otxCalls));
const referenceCalls = (s: PageSizeResult) =>
  median(s.reference.map((r) => r.calls.general + r.calls.pages));
const relayBytes = (s: PageSizeResult) => median(s.relay.map((r) => r.bytesRead));

const nodeArgs = (h: HeavyResults) =>
  h.relayNodeArgs.length ? ` and node options \`${h.relayNodeArgs.join(' ')}\`` : '';

/** The heavy workload's sections of the report. */
export function heavySections(h: HeavyResults): string[] {
  const base = h.bySize[0];
  const builds = h.bySize.reduce((n, s) => n + s.simPageBuilds, 0);
  const incomplete = heavyIncomplete(h);
  return [
    '## Heavy workload: the pulse walk (issue 10)',
    '',
    `- Simulator: ${h.observables} observables (ip, ipv6, domain, url, md5, sha1, sha256 in`,
    `  rotation), each listed by \`general\` in ${h.pulsesPerObservable} pulses of its own; each`,
    `  pulse holds ${h.pulseSize.toLocaleString('en-US')} records of the observable's type (about 300 bytes each, as OTX`,
    "  writes them), the observable's own record last with `sort=-created`. " +
      `${h.latencyMs} ms added to every call.`,
    '- The simulator serves every page from a cache of built pages: before each page size, the',
    '  reference walks every pulse once, unmeasured, so the pages are built then; pages built',
    `  during the measured runs: ${builds}.`,
    '- Relay: a fresh `dist/apps/relay/main.js` for each run, with its defaults (`OTX_PAGE_SIZE`',
    `  ${base.pageSize}, \`OTX_CONCURRENCY\` ${h.otxConcurrency}) but \`OTX_RATE_PER_MINUTE=1000000\`${nodeArgs(h)}, warmed up on 7`,
    `  other observables, then one cold \`/observe/observables\` batch of ${h.observables}.`,
    '- Reference: a bare client in the bench process (`node:http` Agent with keep-alive,',
    `  ${h.otxConcurrency} sockets, ${h.otxConcurrency} calls at once) making the calls the relay must — \`general\`, then the`,
    "  pages of each pulse whose related type is the observable's until the value or the last",
    '  page — and finding the value by `Buffer.indexOf` of its JSON string in each page. It runs',
    '  right after each relay run, on the same simulator.',
    "- Bytes read: the relay's `relay_otx_response_bytes_total` (pulse pages); the page bodies the",
    '  reference received.',
    '',
    table(
      [
        '`OTX_PAGE_SIZE`',
        '`OTX_MAX_PAGES`',
        'Relay batch',
        'Reference',
        'Relay ÷ reference',
        'OTX calls (relay / reference)',
        'Page bytes read (relay / reference)',
        'Relay peak RSS',
      ],
      h.bySize.map((s) => [
        String(s.pageSize),
        s.maxPagesRaised ? `${s.maxPages} (raised)` : `${s.maxPages} (default)`,
        seconds(relayMs(s)),
        seconds(referenceMs(s)),
        `${heavyRatio(s).toFixed(2)}×`,
        `${relayCalls(s)} / ${referenceCalls(s)}`,
        `${mb(relayBytes(s))} / ${mb(median(s.reference.map((r) => r.bytes.pages)))}`,
        mib(heavyPeakRss(s)),
      ]),
    ),
    '',
    `At \`OTX_PAGE_SIZE\` ${base.pageSize}, ${base.relay.length} runs each (medians above): relay ` +
      `${base.relay.map((r) => seconds(r.ms)).join(', ')}; reference ` +
      `${base.reference.map((r) => seconds(r.ms)).join(', ')}.`,
    '',
    'CPU time per batch (medians; unlike wall time it hardly depends on what else the machine',
    'runs):',
    '',
    table(
      [
        '`OTX_PAGE_SIZE`',
        'Relay',
        'Simulator, serving the relay',
        'Reference',
        'Simulator, serving the reference',
      ],
      h.bySize.map((s) => [
        String(s.pageSize),
        cpu(s.relay.map((r) => r.relayCpuMs)),
        cpu(s.relay.map((r) => r.simCpuMs)),
        cpu(s.reference.map((r) => r.cpuMs)),
        cpu(s.reference.map((r) => r.simCpuMs)),
      ]),
    ),
    '',
    incomplete.length
      ? `Answers that lacked sightings or carried errors: ${incomplete.join('; ')}.`
      : `Every relay answer held all ${h.expectedSightings} sightings and no errors.`,
    '',
    ...pageSizeDecision(h),
  ];
}

/** Which `OTX_PAGE_SIZE` the figures favour, and why (issue 10 item 4). */
function pageSizeDecision(h: HeavyResults): string[] {
  const [base, ...smaller] = h.bySize;
  if (smaller.length === 0) return [];
  const fastest = [...h.bySize].sort((a, b) => relayMs(a) - relayMs(b))[0];
  // Timings within 5 % of each other are one figure on a shared machine.
  const kept = fastest === base || relayMs(base) <= relayMs(fastest) * 1.05;
  const smallest = smaller[smaller.length - 1];
  const raised = h.bySize.filter((s) => s.maxPagesRaised);
  return [
    '### Page size',
    '',
    kept
      ? `**Default kept: \`OTX_PAGE_SIZE\` ${base.pageSize}.** No smaller page size was faster, ` +
        'and each costs more OTX calls:'
      : `**The figures favour \`OTX_PAGE_SIZE\` ${fastest.pageSize}** over the default ` +
        `${base.pageSize} in time on this workload; weigh its calls before changing the default:`,
    '',
    `- Calls: ${h.bySize.map((s) => `${relayCalls(s)} at ${s.pageSize}`).join(', ')}. A pulse's pages are`,
    "  asked one after another, so each extra page is a round trip on that pulse's walk, and every",
    "  call counts against `OTX_RATE_PER_MINUTE` (600 a minute by default) and OTX's own quota.",
    `- Time: ${h.bySize.map((s) => `${seconds(relayMs(s))} at ${s.pageSize}`).join(', ')}.`,
    `- Bytes: ${h.bySize.map((s) => `${mb(relayBytes(s))} at ${s.pageSize}`).join(', ')}. Smaller pages`,
    '  save nothing here: the value is last, so every record before it is read whatever the page',
    '  size. Where the value comes early, the relay stops reading a large page as soon as it has',
    '  the value, wherever `next` is (test/early-stop.e2e-spec.ts), so a large page costs no more',
    '  than a small one.',
    `- Memory: peak RSS ${h.bySize.map((s) => `${mib(heavyPeakRss(s))} at ${s.pageSize}`).join(', ')}: the`,
    '  relay holds no page, so the page size does not change it.',
    `- Reach: with \`OTX_MAX_PAGES\` at its default of 10, pages of ${smallest.pageSize} reach only the`,
    `  ${(10 * smallest.pageSize).toLocaleString('en-US')} newest records of a pulse` +
      (raised.length
        ? `; this run raised it to ${raised.map((s) => `${s.maxPages} for ${s.pageSize}`).join(', ')} so that the value could be reached.`
        : '.'),
    "- Not modelled: OTX's own time to build a page. The simulator adds the same latency to every",
    '  call, whatever its size; if OTX answers a page of 10,000 much more slowly than one of',
    '  1,000, measure again against it.',
    '',
  ];
}
