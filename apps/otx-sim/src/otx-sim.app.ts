import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  MAX_BENCH_OBSERVABLES,
  MAX_BENCH_PULSE_SIZE,
  MAX_BENCH_PULSES,
} from './bench/bench-observables';
import { registerSimHooks } from './control/sim-hooks';
import { FaultsService } from './control/faults.service';
import { StatsService } from './control/stats.service';
import { OtxSimModule } from './otx-sim.module';
import { PAGE_KEY_ORDERS } from './otx/pulse-page';
import {
  DEFAULT_OTX_SIM_OPTIONS,
  MAX_CHUNK_BYTES,
  MAX_CHUNK_DELAY_MS,
  MAX_PAGE_CACHE_MB,
  type OtxSimOptions,
} from './otx-sim.options';

export { DEFAULT_OTX_SIM_OPTIONS, type OtxSimOptions } from './otx-sim.options';

/**
 * Builds the OTX simulator, initialised but not listening: the caller runs
 * `await app.listen(0, '127.0.0.1')` (or uses `app.inject`) and `await app.close()`.
 * Each app has its own RSA key, counters and faults.
 * @throws Error when an option is out of range.
 * @example
 * const sim = await createOtxSimApp({ maxPageSize: 5 });
 * await sim.listen(0, '127.0.0.1');
 */
export async function createOtxSimApp(
  options: Partial<OtxSimOptions> = {},
): Promise<NestFastifyApplication> {
  const resolved = resolveOptions(options);
  const adapter = new FastifyAdapter({
    // Hung requests must not keep close() waiting.
    forceCloseConnections: true,
    // Long URL values are one path parameter.
    routerOptions: { maxParamLength: 8192 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    OtxSimModule.forRoot(resolved),
    adapter,
    { logger: resolved.logger ? undefined : false, abortOnError: false },
  );
  // Hooks before init(), so they run ahead of every route Nest registers.
  registerSimHooks(app.getHttpAdapter().getInstance(), {
    stats: app.get(StatsService),
    faults: app.get(FaultsService),
    latencyMs: resolved.latencyMs,
  });
  await app.init();
  return app;
}

function resolveOptions(options: Partial<OtxSimOptions>): OtxSimOptions {
  const resolved: OtxSimOptions = {
    ...DEFAULT_OTX_SIM_OPTIONS,
    ...options,
    apiKeys: [...(options.apiKeys ?? DEFAULT_OTX_SIM_OPTIONS.apiKeys)],
  };
  const bad: string[] = [];
  if (!resolved.apiKeys.every((k) => typeof k === 'string' && k.length > 0)) bad.push('apiKeys');
  if (!(Number.isInteger(resolved.latencyMs) && resolved.latencyMs >= 0)) bad.push('latencyMs');
  if (!(Number.isInteger(resolved.maxPageSize) && resolved.maxPageSize >= 1))
    bad.push('maxPageSize');
  if (!(Number.isInteger(resolved.pulsesCap) && resolved.pulsesCap >= 0)) bad.push('pulsesCap');
  if (!inRange(resolved.benchObservables, 0, MAX_BENCH_OBSERVABLES)) bad.push('benchObservables');
  if (!inRange(resolved.benchPulses, 1, MAX_BENCH_PULSES)) bad.push('benchPulses');
  if (!inRange(resolved.benchPulseSize, 0, MAX_BENCH_PULSE_SIZE)) bad.push('benchPulseSize');
  if (!['last', 'first'].includes(resolved.benchMatchAt)) bad.push('benchMatchAt');
  if (!PAGE_KEY_ORDERS.includes(resolved.pageKeyOrder)) bad.push('pageKeyOrder');
  if (!inRange(resolved.pageCacheMb, 0, MAX_PAGE_CACHE_MB)) bad.push('pageCacheMb');
  if (!inRange(resolved.chunkBytes, 1, MAX_CHUNK_BYTES)) bad.push('chunkBytes');
  if (!inRange(resolved.chunkDelayMs, 0, MAX_CHUNK_DELAY_MS)) bad.push('chunkDelayMs');
  if (bad.length > 0) throw new Error(`Invalid otx-sim options: ${bad.join(', ')}`);
  return resolved;
}

function inRange(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}
