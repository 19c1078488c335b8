import { Controller, Get, Logger as NestLogger, Module } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { PassThrough } from 'node:stream';
import { RelaySettingsModule } from '../config/relay-settings';
import type { RelaySettings } from '../config/relay.config';
import { Logger } from 'nestjs-pino';
import { RELAY_PINO, relayLoggingModule } from './logging.module';
import { currentRequestFacts, OutsideLogScope, recordOtxCalls } from './request-context';
import { registerRequestHooks } from './request-hooks';
import { requestIdFor } from './request-id';

/** Stands for the intel provider: a session that makes calls after it was recorded. */
@Controller()
class LookupController {
  @Get('lookup/:value')
  async lookup(): Promise<{ data: string }> {
    const session = recordOtxCalls({ callCount: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    session.callCount += 2;
    return { data: 'found' };
  }

  @Get('warns')
  async warns(): Promise<{ data: string }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    new NestLogger('Lookup').warn('inside a request');
    return { data: 'warned' };
  }

  @Get('light')
  @OutsideLogScope()
  async light(): Promise<{ data: boolean }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return { data: currentRequestFacts() !== undefined };
  }

  @Get('throws')
  throws(): never {
    throw new Error('boom');
  }

  @Get('fails')
  fails(): { errors: { code: string }[] } {
    return { errors: [{ code: 'oops' }] };
  }
}

@Module({ controllers: [LookupController] })
class LookupModule {}

describe(relayLoggingModule.name, () => {
  let app: NestFastifyApplication;
  let output = '';
  const allLines = () =>
    output
      .trim()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const lines = () => allLines().filter((l) => l.msg === 'request completed');
  const answered = jest.fn<void, [string, string, number]>();

  beforeAll(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const moduleRef = await Test.createTestingModule({
      imports: [
        RelaySettingsModule.forRoot({ logLevel: 'info' } as RelaySettings),
        relayLoggingModule({ stream }),
        LookupModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication(new FastifyAdapter({ genReqId: requestIdFor }), {
      logger: false,
    });
    app.useLogger(app.get(Logger));
    registerRequestHooks(app.getHttpAdapter().getInstance(), app.get(RELAY_PINO), answered);
    await app.init();
  });
  afterAll(() => app.close());

  it('logs one line per request with the OTX calls its sessions made, late ones included', async () => {
    const res = await app.inject({ url: '/lookup/1.2.3.4', headers: { 'x-request-id': 'r-1' } });
    expect(res.headers['x-request-id']).toBe('r-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        requestId: 'r-1',
        method: 'GET',
        route: '/lookup/:value',
        status: 200,
        outcome: 'ok',
        latencyMs: expect.any(Number),
        otxCalls: 3,
      }),
    ]);
  });

  it('tells the listener (the metrics) of each answer: route pattern, outcome, seconds', async () => {
    answered.mockClear();
    await app.inject({ url: '/fails' });
    await app.inject({ url: '/lookup/5.6.7.8' });
    await app.inject({ url: '/nowhere' });
    expect(answered.mock.calls).toEqual([
      ['/fails', 'oops', expect.any(Number)],
      ['/lookup/:value', 'ok', expect.any(Number)],
      ['unmatched', 'not found', expect.any(Number)],
    ]);
    // The handler waits 5 ms: seconds, not milliseconds. A timer may fire up to a millisecond
    // early by the clock the answer is timed with (libuv's loop time is cached).
    expect(answered.mock.calls[1][2]).toBeGreaterThanOrEqual(0.003);
    expect(answered.mock.calls[1][2]).toBeLessThan(1);
  });

  it('reports the first error code as the outcome', async () => {
    output = '';
    await app.inject({ url: '/fails' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines()).toEqual([expect.objectContaining({ outcome: 'oops', otxCalls: 0 })]);
  });

  it('binds the request id to what is logged while answering, and only then', async () => {
    output = '';
    await app.inject({ url: '/warns', headers: { 'x-request-id': 'w-1' } });
    new NestLogger('Outside').warn('outside any request');
    await new Promise((resolve) => setImmediate(resolve));
    const warnings = allLines().filter((l) => l.level === 'warn');
    expect(warnings).toEqual([
      expect.objectContaining({ msg: 'inside a request', context: 'Lookup', requestId: 'w-1' }),
      expect.not.objectContaining({ requestId: expect.anything() }),
    ]);
    expect(lines()).toEqual([expect.objectContaining({ requestId: 'w-1', route: '/warns' })]);
  });

  it('keeps a route marked @OutsideLogScope out of the scope, with its request line as for any', async () => {
    output = '';
    const outside = await app.inject({ url: '/light', headers: { 'x-request-id': 'l-1' } });
    expect(outside.json()).toEqual({ data: false });
    expect(outside.headers['x-request-id']).toBe('l-1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines()).toEqual([
      expect.objectContaining({ requestId: 'l-1', route: '/light', status: 200, outcome: 'ok' }),
    ]);
  });

  it('logs an answer of 500 or more as an error line', async () => {
    output = '';
    await app.inject({ url: '/throws', headers: { 'x-request-id': 't-1' } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(allLines()).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'request failed', status: 500 }),
    );
  });
});
