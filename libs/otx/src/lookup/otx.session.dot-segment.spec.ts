import { FakeOtxServer, testClient, useFakeOtxServer } from '../testing/fake-otx.server';

describe('OtxSession with values that are URL dot segments', () => {
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => (otx = server));

  it.each(['.', '..'])('answers "no data" for %j without asking OTX', async (value) => {
    const session = testClient(otx.baseUrl).session('k');
    await expect(session.getGeneral('domain', value)).resolves.toBeNull();
    expect(otx.requests).toHaveLength(0);
  });

  it.each([
    ['...', '/api/v1/indicators/domain/.../general'],
    ['.a', '/api/v1/indicators/domain/.a/general'],
    ['%2e%2e', '/api/v1/indicators/domain/%252e%252e/general'],
  ])('still asks OTX about %j, in its own segment', async (value, path) => {
    await testClient(otx.baseUrl).session('k').getGeneral('domain', value);
    expect(otx.requests.map((r) => r.url)).toEqual([path]);
  });
});
