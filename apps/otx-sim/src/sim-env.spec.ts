import { readSimEnv } from './sim-env';

describe('readSimEnv', () => {
  it('defaults to 127.0.0.1:9100 and the app defaults', () => {
    expect(readSimEnv({})).toEqual({ host: '127.0.0.1', port: 9100, options: {} });
  });

  it('reads every variable', () => {
    const config = readSimEnv({
      HOST: '0.0.0.0',
      PORT: '0',
      OTX_SIM_API_KEYS: ' a-key, other-key ,,',
      OTX_SIM_LATENCY_MS: '25',
      OTX_SIM_MAX_PAGE_SIZE: '3',
      OTX_SIM_PULSES_CAP: '0',
      OTX_SIM_BENCH_OBSERVABLES: '1200',
      OTX_SIM_BENCH_PULSES: '4',
      OTX_SIM_BENCH_PULSE_SIZE: '10001',
      OTX_SIM_BENCH_MATCH_AT: 'first',
      OTX_SIM_PAGE_KEY_ORDER: 'results-first',
      OTX_SIM_PAGE_CACHE_MB: '1024',
      OTX_SIM_CHUNK_BYTES: '4096',
      OTX_SIM_CHUNK_DELAY_MS: '0',
    });
    expect(config).toEqual({
      host: '0.0.0.0',
      port: 0,
      options: {
        apiKeys: ['a-key', 'other-key'],
        latencyMs: 25,
        maxPageSize: 3,
        pulsesCap: 0,
        benchObservables: 1200,
        benchPulses: 4,
        benchPulseSize: 10001,
        benchMatchAt: 'first',
        pageKeyOrder: 'results-first',
        pageCacheMb: 1024,
        chunkBytes: 4096,
        chunkDelayMs: 0,
      },
    });
  });

  it('names every invalid variable without echoing key values', () => {
    const read = () =>
      readSimEnv({
        PORT: '70000',
        OTX_SIM_API_KEYS: ' , ',
        OTX_SIM_LATENCY_MS: '-1',
        OTX_SIM_MAX_PAGE_SIZE: '0',
        OTX_SIM_PULSES_CAP: 'many',
        OTX_SIM_BENCH_OBSERVABLES: '100001',
        OTX_SIM_BENCH_PULSES: '0',
        OTX_SIM_BENCH_PULSE_SIZE: '100001',
        OTX_SIM_BENCH_MATCH_AT: 'middle',
        OTX_SIM_PAGE_KEY_ORDER: 'json',
        OTX_SIM_PAGE_CACHE_MB: '-1',
        OTX_SIM_CHUNK_BYTES: '0',
        OTX_SIM_CHUNK_DELAY_MS: '1.5',
      });
    expect(read).toThrow(
      'Invalid environment variables: OTX_SIM_API_KEYS, OTX_SIM_LATENCY_MS, OTX_SIM_MAX_PAGE_SIZE, OTX_SIM_PULSES_CAP, OTX_SIM_BENCH_OBSERVABLES, OTX_SIM_BENCH_PULSES, OTX_SIM_BENCH_PULSE_SIZE, OTX_SIM_BENCH_MATCH_AT, OTX_SIM_PAGE_KEY_ORDER, OTX_SIM_PAGE_CACHE_MB, OTX_SIM_CHUNK_BYTES, OTX_SIM_CHUNK_DELAY_MS, PORT',
    );
  });
});
