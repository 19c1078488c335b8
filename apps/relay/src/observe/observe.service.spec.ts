import { AuthPrincipal } from '@app/auth';
import { CtimBundle, Observable, Verdict } from '@app/ctim';
import { RelayError } from '../errors/relay-error';
import { IntelProvider, IntelResult } from '../intel/intel-provider';
import { ObserveService } from './observe.service';

const principal: AuthPrincipal = { apiKey: 'k', entitiesLimit: 100 };
const ip = { type: 'ip', value: '198.51.100.1' };

const verdict = (name: string, observable: Observable): Verdict => ({
  type: 'verdict',
  disposition: name === 'Clean' ? 1 : 2,
  disposition_name: name === 'Clean' ? 'Clean' : 'Malicious',
  observable,
  valid_time: { start_time: '2024-05-02T09:15:00.000Z', end_time: '2024-05-09T09:15:00.000Z' },
});

/** A provider answering `result` to observe and deliberate, recording what it was asked. */
function provider(name: string, result: IntelResult): IntelProvider & { asked: string[] } {
  const asked: string[] = [];
  return {
    name,
    asked,
    observe: (observables) => {
      asked.push(`observe ${observables.length}`);
      return Promise.resolve(result);
    },
    deliberate: (observables) => {
      asked.push(`deliberate ${observables.length}`);
      return Promise.resolve(result);
    },
    refer: () => [],
    health: () => Promise.resolve(null),
  };
}

const bundleOf = (verdicts: Verdict[]): CtimBundle => ({
  verdicts: { count: verdicts.length, docs: verdicts },
});
const warning: RelayError = { code: 'x', message: 'y', type: 'warning' };

describe(ObserveService.name, () => {
  it('deliberates with every provider, keeps one verdict per observable as CTIM chooses, and merges errors', async () => {
    const other = { type: 'domain', value: 'example.com' };
    const first = provider('a', {
      bundle: bundleOf([verdict('Malicious', ip), verdict('Malicious', other)]),
      errors: [],
    });
    const second = provider('b', { bundle: bundleOf([verdict('Clean', ip)]), errors: [warning] });
    const sut = new ObserveService([first, second]);
    // Clean outranks Malicious when two providers judged one observable (contract §9.3).
    await expect(sut.deliberate([ip, other], principal)).resolves.toEqual({
      data: bundleOf([verdict('Clean', ip), verdict('Malicious', other)]),
      errors: [warning],
    });
    expect([first.asked, second.asked]).toEqual([['deliberate 2'], ['deliberate 2']]);
  });

  it('answers {"data": {}} when no provider has a verdict, and errors alone without data', async () => {
    const none = provider('a', { bundle: {}, errors: [] });
    await expect(new ObserveService([none]).deliberate([ip], principal)).resolves.toEqual({
      data: {},
    });
    const failed = provider('b', { bundle: {}, errors: [warning, warning] });
    await expect(new ObserveService([none, failed]).observe([ip], principal)).resolves.toEqual({
      errors: [warning],
    });
    expect(failed.asked).toEqual(['observe 1']);
  });

  it("refers with every provider's links, in the providers' order, and with one provider's own", () => {
    const link = (id: string) => ({
      id,
      title: id,
      description: id,
      url: `https://example.com/${id}`,
      categories: ['Search'],
    });
    const first = {
      ...provider('a', { bundle: {}, errors: [] }),
      refer: () => [link('a1'), link('a2')],
    };
    const second = { ...provider('b', { bundle: {}, errors: [] }), refer: () => [link('b1')] };
    expect(new ObserveService([first, second]).refer([ip]).data?.map((r) => r.id)).toEqual([
      'a1',
      'a2',
      'b1',
    ]);
    expect(new ObserveService([second]).refer([ip])).toEqual({ data: [link('b1')] });
    expect(new ObserveService([]).refer([ip])).toEqual({ data: [] });
  });
});
