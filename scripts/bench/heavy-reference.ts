import { Agent, get } from 'node:http';
import { performance } from 'node:perf_hooks';
import pLimit from 'p-limit';
import type { BenchObservable } from './bench-stack';

/** What one reference batch did. */
export interface ReferenceRun {
  ms: number;
  /** CPU time of this process (the reference) during the batch. */
  cpuMs: number;
  /** CPU time the simulator used during the batch (set by the caller, when /proc tells). */
  simCpuMs?: number;
  calls: { general: number; pages: number };
  /** Body bytes received. */
  bytes: { general: number; pages: number };
  /** Pulses in which the value was found, of those walked. */
  found: number;
  walked: number;
}

/** How the reference asks. */
export interface ReferenceSpec {
  simUrl: string;
  apiKey: string;
  pageSize: number;
  maxPages: number;
  concurrency: number;
}

// The OTX section and pulse-record type of each bench observable type (contract §6.1).
const SECTION: Record<string, [string, string]> = {
  ip: ['IPv4', 'IPv4'],
  ipv6: ['IPv6', 'IPv6'],
  domain: ['domain', 'domain'],
  url: ['url', 'URL'],
  md5: ['file', 'FileHash-MD5'],
  sha1: ['file', 'FileHash-SHA1'],
  sha256: ['file', 'FileHash-SHA256'],
};

interface GeneralBody {
  pulse_info?: { pulses?: { id: string; related_indicator_type?: string | null }[] };
}

/**
 * The floor of a pulse walk: a bare client over kept-alive sockets, at most `concurrency` calls
 * at once, asking OTX what the relay must (`general` of each observable, then the pages of each
 * pulse whose related type is the observable's, until the value or the last page), finding the
 * value by a byte search of each page for its JSON string. It parses only `general`; it keeps
 * each page whole while it searches it; it has no cache, no budget, no breaker, no log.
 */
export async function referenceBatch(
  spec: ReferenceSpec,
  observables: BenchObservable[],
): Promise<ReferenceRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const limit = pLimit(spec.concurrency);
  const run: ReferenceRun = {
    ms: 0,
    cpuMs: 0,
    calls: { general: 0, pages: 0 },
    bytes: { general: 0, pages: 0 },
    found: 0,
    walked: 0,
  };
  const call = (path: string, kind: 'general' | 'pages', read: (chunk: Buffer) => void) =>
    limit(async () => {
      const bytes = await getBody(agent, `${spec.simUrl}${path}`, spec.apiKey, read);
      run.calls[kind] += 1;
      run.bytes[kind] += bytes;
    });
  const walk = async (pulseId: string, value: string) => {
    run.walked += 1;
    const base = `/api/v1/pulses/${pulseId}/indicators?sort=-created&limit=${spec.pageSize}`;
    for (let page = 1; page <= spec.maxPages; page++) {
      const found = new ByteSearch(Buffer.from(JSON.stringify(value)));
      const last = new ByteSearch(LAST_PAGE);
      await call(`${base}&page=${page}&include_inactive=1`, 'pages', (chunk) => {
        found.push(chunk);
        last.push(chunk);
      });
      if (found.found) return void (run.found += 1);
      if (last.found) return;
    }
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  try {
    await Promise.all(
      observables.map(async ({ type, value }) => {
        const [section, recordType] = SECTION[type];
        const path = `/api/v1/indicators/${section}/${encodeURIComponent(value)}/general`;
        const chunks: Buffer[] = [];
        await call(path, 'general', (chunk) => chunks.push(chunk));
        const general = JSON.parse(Buffer.concat(chunks).toString()) as GeneralBody;
        const pulses = (general.pulse_info?.pulses ?? []).filter(
          (p) => (p.related_indicator_type ?? recordType) === recordType,
        );
        await Promise.all(pulses.map((p) => walk(p.id, value)));
      }),
    );
  } finally {
    run.ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    run.cpuMs = (cpu.user + cpu.system) / 1000;
    agent.destroy();
  }
  return run;
}

const LAST_PAGE = Buffer.from('"next":null');

/**
 * Finds `needle` in bytes that come in chunks, also across two of them; the chunks are never
 * joined (copying megabytes into fresh memory costs more than the search).
 */
export class ByteSearch {
  found = false;
  private tail = Buffer.alloc(0);

  constructor(private readonly needle: Buffer) {}

  push(chunk: Buffer): void {
    if (this.found) return;
    const keep = this.needle.length - 1;
    if (this.tail.length > 0) {
      const seam = Buffer.concat([this.tail, chunk.subarray(0, keep)]);
      if (seam.indexOf(this.needle) >= 0) return void (this.found = true);
    }
    if (chunk.indexOf(this.needle) >= 0) return void (this.found = true);
    this.tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - keep)));
  }
}

/** GETs `url`, handing each chunk of a 200's body to `read`; resolves with the body's size. */
function getBody(
  agent: Agent,
  url: string,
  apiKey: string,
  read: (chunk: Buffer) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { 'x-otx-api-key': apiKey, accept: 'application/json' };
    get(url, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (res.statusCode === 200) read(chunk);
      });
      res.on('error', reject);
      res.on('end', () => {
        if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
        else resolve(bytes);
      });
    }).on('error', reject);
  });
}
