import { Test } from '@nestjs/testing';
import { OtxClient, OtxModule, OtxModuleOptions } from './index';
import { FakeOtxServer, testOptions, useFakeOtxServer } from './testing/fake-otx.server';

describe(OtxModule.name, () => {
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => (otx = server));

  describe.each([
    ['forRoot', (o: OtxModuleOptions) => OtxModule.forRoot(o)],
    [
      'forRootAsync',
      (o: OtxModuleOptions) => OtxModule.forRootAsync({ useFactory: () => Promise.resolve(o) }),
    ],
  ])('%s', (_name, register) => {
    it('provides an OtxClient configured with the options', async () => {
      const options = testOptions(otx.baseUrl, { userAgent: `ua-${_name}` });
      const moduleRef = await Test.createTestingModule({ imports: [register(options)] }).compile();

      const session = moduleRef.get(OtxClient).session('module-key');
      await session.checkUser();

      expect(otx.requests).toHaveLength(1);
      expect(otx.requests[0].headers['user-agent']).toBe(`ua-${_name}`);
      expect(otx.requests[0].headers['x-otx-api-key']).toBe('module-key');
      expect(session.callCount).toBe(1);
      await moduleRef.close();
    });

    it.each<Partial<OtxModuleOptions>>([
      { concurrency: 0 },
      { maxPages: 1.5 },
      { timeoutMs: -1 },
      { baseUrl: 'otx.alienvault.com' },
      { retries: -1 },
      { retries: 11 },
      { ratePerMinute: 0 },
      { rateBurst: 0 },
      { rateBurst: 2.5 },
      { breakerThreshold: 0 },
      { breakerCooldownS: 0.5 },
      { maxSockets: 0 },
      { cacheTtlHitS: -1 },
      { cacheTtlEmptyS: Number.NaN },
      { cacheMaxEntries: -5 },
      { redisUrl: 'http://localhost:6379' },
      { observer: 'metrics' as never },
    ])('refuses invalid options %j at start-up', async (bad) => {
      const options = { ...testOptions(otx.baseUrl), ...bad };
      await expect(
        Test.createTestingModule({ imports: [register(options)] }).compile(),
      ).rejects.toThrow(/Invalid OtxModule options/);
    });

    it('names bad options without printing their values', async () => {
      const options = { ...testOptions(otx.baseUrl), redisUrl: 'redis:// s3cret', retries: -1 };
      const compiling = Test.createTestingModule({ imports: [register(options)] }).compile();
      await expect(compiling).rejects.toThrow('Invalid OtxModule options: retries, redisUrl');
      await expect(compiling).rejects.not.toThrow(/s3cret/);
    });

    it('accepts 0 for retries, TTLs and cache size, and fills in the defaults', async () => {
      const options = {
        ...testOptions(otx.baseUrl),
        retries: 0,
        cacheTtlHitS: 0,
        cacheTtlEmptyS: 0,
        cacheMaxEntries: 0,
      };
      const moduleRef = await Test.createTestingModule({ imports: [register(options)] }).compile();
      expect(moduleRef.get(OtxClient)).toBeInstanceOf(OtxClient);
      await moduleRef.close();
    });

    it('closes the client (sockets, Redis) when the application shuts down', async () => {
      const options = testOptions(otx.baseUrl);
      const moduleRef = await Test.createTestingModule({ imports: [register(options)] }).compile();
      const close = jest.spyOn(moduleRef.get(OtxClient), 'close');

      await moduleRef.close();

      expect(close).toHaveBeenCalledTimes(1);
    });
  });
});
