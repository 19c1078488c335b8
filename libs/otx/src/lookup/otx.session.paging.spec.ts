import { FakeOtxServer, testClient, useFakeOtxServer } from '../testing/fake-otx.server';
import {
  pagesAsked as pagesOf,
  pulsePages as paged,
  pulseRow as row,
  findOne,
} from '../testing/pulse-pages';

const VALUE = '203.0.113.77';
const filler = (page: number) => [row(`10.0.${page}.1`), row(`10.0.${page}.2`)];

describe('OtxSession.findInPulse paging', () => {
  let otx: FakeOtxServer;
  useFakeOtxServer((server) => (otx = server));
  const pagesAsked = () => pagesOf(otx.requests);

  it('stops at a match on page 1 and returns only the fields read', async () => {
    otx.handler = paged([
      [row('x'), { ...row(VALUE, '2024-02-01T00:00:00'), expiration: '2024-03-01T00:00:00' }],
      filler(2),
    ]);

    await expect(findOne(testClient(otx.baseUrl).session('k'), 'p1', VALUE)).resolves.toEqual({
      match: {
        indicator: VALUE,
        created: '2024-02-01T00:00:00',
        expiration: '2024-03-01T00:00:00',
        pulse_key: 'p1',
      },
      pagesWalked: 1,
      complete: true,
    });
    expect(pagesAsked()).toEqual(['1']);
  });

  it('walks pages on the configured host until a match on page 3, taking the first match', async () => {
    otx.handler = paged([
      filler(1),
      filler(2),
      [row(VALUE, 'first'), row(VALUE, 'second')],
      filler(4),
    ]);

    const result = await findOne(testClient(otx.baseUrl).session('k'), 'p1', VALUE);

    expect(result).toMatchObject({ match: { created: 'first' }, pagesWalked: 3, complete: true });
    expect(pagesAsked()).toEqual(['1', '2', '3']);
  });

  it('matches exactly and case-sensitively', async () => {
    otx.handler = paged([[row('ABCDEF'), row(' abcdef'), row('abcdef ')]]);

    const result = await findOne(testClient(otx.baseUrl).session('k'), 'p1', 'abcdef');

    expect(result).toEqual({ match: null, pagesWalked: 1, complete: true });
  });

  it('ends with no match when next is null', async () => {
    otx.handler = paged([filler(1), filler(2)]);

    await expect(findOne(testClient(otx.baseUrl).session('k'), 'p1', VALUE)).resolves.toEqual({
      match: null,
      pagesWalked: 2,
      complete: true,
    });
    expect(pagesAsked()).toEqual(['1', '2']);
  });

  it('stops after exactly maxPages requests with complete: false', async () => {
    otx.handler = paged(Array.from({ length: 10 }, (_, i) => filler(i + 1)));
    const session = testClient(otx.baseUrl, { maxPages: 4 }).session('k');

    await expect(findOne(session, 'p1', VALUE)).resolves.toEqual({
      match: null,
      pagesWalked: 4,
      complete: false,
    });
    expect(pagesAsked()).toEqual(['1', '2', '3', '4']);
    expect(session.callCount).toBe(4);
  });

  it('is complete when the last allowed page is the last page', async () => {
    otx.handler = paged([filler(1), filler(2)]);

    const result = await findOne(
      testClient(otx.baseUrl, { maxPages: 2 }).session('k'),
      'p1',
      VALUE,
    );

    expect(result).toEqual({ match: null, pagesWalked: 2, complete: true });
  });

  it('treats a 404 on page 2 as no match (contract §11 item 8)', async () => {
    otx.handler = paged([filler(1), [row(VALUE)]], { 2: 404 });

    await expect(findOne(testClient(otx.baseUrl).session('k'), 'p1', VALUE)).resolves.toEqual({
      match: null,
      pagesWalked: 1,
      complete: true,
    });
    expect(pagesAsked()).toEqual(['1', '2']);
  });

  it('fails the pulse on a 500 on page 2', async () => {
    otx.handler = paged([filler(1), [row(VALUE)]], { 2: 500 });

    await expect(findOne(testClient(otx.baseUrl).session('k'), 'p1', VALUE)).rejects.toMatchObject({
      code: 'HTTP_STATUS',
      status: 500,
      endpoint: 'pulse-indicators',
    });
  });

  it('skips odd records; a match without a created time fails alone and is reported', async () => {
    otx.handler = paged([[null, 'x', 7, { indicator: VALUE }, row('other')]]);
    const session = testClient(otx.baseUrl).session('k');

    await expect(session.findInPulseMany('p1', [{ type: 'ip', value: VALUE }])).resolves.toEqual({
      matches: new Map(),
      complete: true,
      pagesWalked: 1,
      failures: [{ value: VALUE, detail: 'matching record has no created time' }],
    });
  });

  it('takes a later usable record of a value after an unusable one, on a later page', async () => {
    otx.handler = paged([[{ indicator: VALUE, created: null }], [row(VALUE, 'usable')]]);
    const session = testClient(otx.baseUrl).session('k');

    const result = await session.findInPulseMany('p1', [{ type: 'ip', value: VALUE }]);
    expect(result.matches.get(VALUE)).toMatchObject({ created: 'usable' });
    expect(result.failures).toEqual([]);
    expect(pagesAsked()).toEqual(['1', '2']);
  });
});
