import { Test } from '@nestjs/testing';
import { OtxClient, OtxModule, OtxModuleOptions } from './index';
import { captureDebugLogs, FakeOtxServer, testOptions } from './testing/fake-otx.server';

describe(OtxModule.name, () => {
  let otx: FakeOtxServer;

  beforeEach(async () => {
    captureDebugLogs();
    otx = await FakeOtxServer.start();
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await otx.close();
  });

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
    ])('refuses invalid options %j at start-up', async (bad) => {
      const options = { ...testOptions(otx.baseUrl), ...bad };
      await expect(
        Test.createTestingModule({ imports: [register(options)] }).compile(),
      ).rejects.toThrow(/Invalid OtxModule options/);
    });
  });
});
