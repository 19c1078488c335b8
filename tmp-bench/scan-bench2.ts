import { PulsePageScanner } from '../libs/otx/src/lookup/pulse-page-scanner';
import { IndicatorMatcher } from '../libs/otx/src/lookup/indicator-matcher';
const rec = (i: number) => ({ id: 3871200000 + i, indicator: `f${i}.p0.o5.bench.example`, type: 'hostname', created: '2024-01-18T22:05:49', content: '', title: '', description: '', expiration: null, is_active: 1, pulse_key: '65a1f0c2e4b0a1d2c3f4a5b6', false_positive: { assessment: null, assessment_date: null, report_date: null }, slug: 'hostname' });
const results = Array.from({ length: 10000 }, (_, i) => rec(i));
results.push({ ...rec(10000), indicator: '203.0.113.77', type: 'IPv4' });
const page = Buffer.from(JSON.stringify({ count: 10001, next: null, previous: null, results }));
const targets = [{ kind: 'ip' as const, value: '203.0.113.77' }];
const chunks: Buffer[] = []; for (let o = 0; o < page.length; o += 65536) chunks.push(page.subarray(o, o + 65536));
function run() { const s = new PulsePageScanner(new IndicatorMatcher(targets), 1); for (const c of chunks) s.push(c); return s.finish(); }
function parse() { return JSON.parse(page.toString()); }
function time(name: string, f: () => unknown) {
  for (let k = 0; k < 20; k++) f();
  const N = 60; const t = process.hrtime.bigint(); for (let k = 0; k < N; k++) f();
  const ms = Number(process.hrtime.bigint() - t) / 1e6 / N;
  console.log(`${name}: ${ms.toFixed(2)} ms/page, ${(page.length / 1e3 / ms).toFixed(0)} MB/s, ${(ms * 1e6 / page.length).toFixed(2)} ns/B`);
}
time('scanner', run); time('JSON.parse', parse); time('scanner', run);
