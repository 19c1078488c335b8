import { Controller, Get, Logger as NestLogger, Module } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { PassThrough } from 'node:stream';
import { RelaySettingsModule } from '../config/relay-settings';
import type { RelaySettings } from '../config/relay.config';
import { Logger } from 'nestjs-pino';
import { RELAY_PINO, relayLoggingModule } from './logging.module';
import { RequestFacts, ThisRequest } from './request-context';
import { registerRequestHooks } from './request-hooks';
import { requestIdFor } from './request-id';

/** Stands for the intel provider: a session that makes calls after it was tracked. */
@Controller()
class LookupController {
  @Get('lookup/:value')
  async lookup(@ThisRequest() request?: RequestFacts): Promise<{ data: string }> {
    const session = { callCount: 1 };
    request?.track(session);
    await new Promise((resolve) => setTimeout(resolve, 5));
    session.callCount += 2;
    return { data: 'found' };
  }

  /** Logs a line for the request it was given, and one that names none. */
  @Get('warns')
  async warns(@ThisRequest() request?: RequestFacts): Promise<{ data: string }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    const logger = new NestLogger('Lookup');
    logger.warn({ requestId: request?.requestId, msg: 'for the request' });
    logger.warn('names no request');
    return { data: 'warned' };
  }

  @Get('light')
  async light(@ThisRequest() request?: RequestFacts): Promise<{ data: string | null }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return { data: request?.requestId ?? null };
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

  it('writes the request id a line names, and adds none to a line that names none', async () => {
    output = '';
    await app.inject({ url: '/warns', headers: { 'x-request-id': 'w-1' } });
    await new Promise((resolve) => setImmediate(resolve));
    const warnings = allLines().filter((l) => l.level === 'warn');
    expect(warnings).toEqual([
      expect.objectContaining({ msg: 'for the request', context: 'Lookup', requestId: 'w-1' }),
      expect.objectContaining({ msg: 'names no request', context: 'Lookup' }),
    ]);
    // No scope tags lines behind the code's back: the facts are passed explicitly.
    expect(warnings[1]).not.toHaveProperty('requestId');
    expect(lines()).toEqual([expect.objectContaining({ requestId: 'w-1', route: '/warns' })]);
  });

  it('hands every handler the facts of its own request', async () => {
    output = '';
    const answers = await Promise.all(
      ['l-1', 'l-2', 'l-3'].map((id) =>
        app.inject({ url: '/light', headers: { 'x-request-id': id } }),
      ),
    );
    expect(answers.map((a) => a.json())).toEqual([
      { data: 'l-1' },
      { data: 'l-2' },
      { data: 'l-3' },
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines().map((l) => l.requestId)).toEqual(['l-1', 'l-2', 'l-3']);
    expect(lines()[0]).toMatchObject({ route: '/light', status: 200, outcome: 'ok', otxCalls: 0 });
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
