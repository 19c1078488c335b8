import { OtxException } from '../otx.exception';
import type { OtxGeneral, OtxPulse, OtxPulseIndicator, OtxPulseMultiResult } from '../otx.types';
import { lookupMany, OtxLookupSteps } from './otx-lookup';

const pulse = (id: string, related = 'IPv4'): OtxPulse => ({
  id,
  name: `Pulse ${id}`,
  related_indicator_type: related,
});
const generalOf = (baseType: string, ...pulses: OtxPulse[]): OtxGeneral => ({
  base_indicator: { type: baseType },
  pulse_info: { count: pulses.length, pulses },
});

type PulseScript =
  { found: Record<string, string>; complete?: boolean; unusable?: string[] } | OtxException;

/** Scripted steps: general answers by canonical value, walks by pulse id (value → created). */
function fakeSteps(
  generals: Record<string, OtxGeneral | null | Error>,
  pulses: Record<string, PulseScript>,
  deadlineAt = Infinity,
) {
  const calls: string[] = [];
  const priorities: Record<string, number> = {};
  const steps: OtxLookupSteps = {
    deadlineAt,
    general: (indicator, priority) => {
      calls.push(`general ${indicator.type} ${indicator.canonical}`);
      priorities[`general ${indicator.canonical}`] = priority;
      const answer = generals[indicator.canonical];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer ?? null);
    },
    walk: (pulseId, targets, priority) => {
      calls.push(`walk ${pulseId} ${targets.map((t) => t.value).join(',')}`);
      priorities[`walk ${pulseId}`] = priority;
      const script = pulses[pulseId];
      if (script instanceof Error) return Promise.reject(script);
      const matches = new Map<string, OtxPulseIndicator>();
      for (const { value } of targets) {
        const created = script.found[value];
        if (created) matches.set(value, { indicator: value, created, expiration: null });
      }
      const failures = (script.unusable ?? []).map((value) => ({ value, detail: 'no created' }));
      const result: OtxPulseMultiResult = {
        matches,
        complete: script.complete ?? true,
        pagesWalked: 1,
        failures,
      };
      return Promise.resolve(result);
    },
  };
  return { steps, calls, priorities };
}

const IP = '198.51.100.1';
const ip = { type: 'ip', value: IP };
const times = (r: Awaited<ReturnType<typeof lookupMany>>, k = 0) =>
  r.indicators[k].memberships.map((m) => `${m.pulse.id} ${m.match.created}`);

describe(lookupMany.name, () => {
  it('walks the pulses that hold the indicator, newest match first', async () => {
    const { steps, calls } = fakeSteps(
      { [IP]: generalOf('IPv4', pulse('a'), pulse('b', 'domain'), pulse('c')) },
      {
        a: { found: { [IP]: '2020-01-01T00:00:00' } },
        c: { found: { [IP]: '2021-01-01T00:00:00' } },
      },
    );
    const result = await lookupMany(steps, [ip]);
    expect(calls).toEqual([`general ip ${IP}`, `walk a ${IP}`, `walk c ${IP}`]);
    expect(times(result)).toEqual(['c 2021-01-01T00:00:00', 'a 2020-01-01T00:00:00']);
    expect(result.problems).toEqual([]);
    expect(result.unfinished).toEqual([]);
    expect(result.indicators[0]).toMatchObject({ complete: true, observables: [ip] });
  });

  it('keeps the order OTX listed the pulses in for matches of the same time', async () => {
    const same = '2021-01-01T00:00:00';
    const { steps } = fakeSteps(
      { [IP]: generalOf('IPv4', pulse('z'), pulse('m'), pulse('a')) },
      { z: { found: { [IP]: same } }, m: { found: { [IP]: same } }, a: { found: { [IP]: same } } },
    );
    expect(times(await lookupMany(steps, [ip]))).toEqual([`z ${same}`, `m ${same}`, `a ${same}`]);
  });

  it('looks duplicates up once and walks a shared pulse once for all of them', async () => {
    const domain = { type: 'domain', value: 'bad.example' };
    const upper = { type: 'domain', value: 'BAD.example' };
    const { steps, calls } = fakeSteps(
      {
        [IP]: generalOf('IPv4', pulse('a')),
        'bad.example': generalOf('domain', pulse('a', 'domain')),
      },
      { a: { found: { [IP]: '2020-01-01T00:00:00', 'bad.example': '2022-01-01T00:00:00' } } },
    );
    const result = await lookupMany(steps, [ip, domain, ip, upper, { type: 'email', value: 'x' }]);
    expect(calls).toEqual([
      `general ip ${IP}`,
      'general domain bad.example',
      `walk a ${IP},bad.example`,
    ]);
    expect(result.indicators.map((i) => i.observables)).toEqual([[ip], [domain, upper]]);
    expect(times(result, 1)).toEqual(['a 2022-01-01T00:00:00']);
  });

  it('keeps other indicators and pulses when one fails, and reports each failure', async () => {
    const other = { type: 'domain', value: 'bad.example' };
    const generalFailure = new OtxException('HTTP_STATUS', 'general', 'x', 500);
    const walkFailure = new OtxException('HTTP_STATUS', 'pulse-indicators', 'x', 502);
    const { steps } = fakeSteps(
      { [IP]: generalOf('IPv4', pulse('a'), pulse('z')), [other.value]: generalFailure },
      { a: { found: { [IP]: '2020-01-01T00:00:00' } }, z: walkFailure },
    );
    const result = await lookupMany(steps, [other, ip]);
    expect(times(result, 1)).toEqual(['a 2020-01-01T00:00:00']);
    expect(result.problems).toEqual([
      { kind: 'general', indicator: result.indicators[0], error: generalFailure },
      { kind: 'walk', pulse: pulse('z'), indicators: [result.indicators[1]], error: walkFailure },
    ]);
  });

  it('lists the indicators the deadline cut short once, as unfinished, with what was found', async () => {
    const late = { type: 'ip', value: '198.51.100.9' };
    const cut = new OtxException('DEADLINE', 'pulse-indicators', 'x');
    const { steps } = fakeSteps(
      {
        [IP]: generalOf('IPv4', pulse('a'), pulse('b')),
        [late.value]: new OtxException('DEADLINE', 'general', 'x'),
      },
      { a: { found: { [IP]: '2020-01-01T00:00:00' } }, b: cut },
    );
    const result = await lookupMany(steps, [ip, late]);
    expect(result.problems).toEqual([]);
    expect(result.unfinished.map((i) => i.canonical)).toEqual([IP, late.value]);
    expect(result.indicators.map((i) => i.complete)).toEqual([false, false]);
    expect(times(result)).toEqual(['a 2020-01-01T00:00:00']);
  });

  it('reports a page cap and an unusable record as problems of that pulse only', async () => {
    const { steps } = fakeSteps(
      { [IP]: generalOf('IPv4', pulse('capped'), pulse('odd'), pulse('fine')) },
      {
        capped: { found: {}, complete: false },
        odd: { found: {}, unusable: [IP] },
        fine: { found: { [IP]: '2020-01-01T00:00:00' } },
      },
    );
    const result = await lookupMany(steps, [ip]);
    const [indicator] = result.indicators;
    expect(result.problems).toEqual([
      { kind: 'page-cap', pulse: pulse('capped'), indicator },
      { kind: 'record', pulse: pulse('odd'), indicator, detail: 'no created' },
    ]);
    expect(times(result)).toEqual(['fine 2020-01-01T00:00:00']);
  });

  it('gives the calls of earlier observables priority: walks take their indicators’ order', async () => {
    const second = { type: 'ip', value: '198.51.100.2' };
    const { steps, priorities } = fakeSteps(
      {
        [IP]: generalOf('IPv4', pulse('shared')),
        [second.value]: generalOf('IPv4', pulse('shared'), pulse('own')),
      },
      { shared: { found: {} }, own: { found: {} } },
    );
    await lookupMany(steps, [ip, second]);
    expect(priorities).toEqual({
      [`general ${IP}`]: 0,
      [`general ${second.value}`]: 1,
      'walk shared': 0,
      'walk own': 1,
    });
  });

  it('makes only the general lookups when asked not to walk', async () => {
    const { steps, calls } = fakeSteps({ [IP]: generalOf('IPv4', pulse('a')) }, {});
    const result = await lookupMany(steps, [ip], { walk: false });
    expect(calls).toEqual([`general ip ${IP}`]);
    expect(result.indicators[0].general).toEqual(generalOf('IPv4', pulse('a')));
  });

  it('looks a sub-domain sent as a domain up once with the same hostname, in punycode', async () => {
    const asDomain = { type: 'domain', value: 'www.Bücher.example' };
    const asHost = { type: 'hostname', value: 'www.bücher.example' };
    const apex = { type: 'domain', value: 'bücher.example' };
    const host = 'www.xn--bcher-kva.example';
    const { steps, calls } = fakeSteps(
      // The pulse lists the host name under `domain`: a hostname takes either.
      { [host]: generalOf('hostname', pulse('a', 'domain')) },
      { a: { found: { [host]: '2024-01-01T00:00:00' } } },
    );
    const result = await lookupMany(steps, [asDomain, asHost, apex]);
    expect(calls).toEqual([
      `general hostname ${host}`,
      'general domain xn--bcher-kva.example',
      `walk a ${host}`,
    ]);
    expect(result.indicators.map((i) => [i.type, i.observables])).toEqual([
      ['hostname', [asDomain, asHost]],
      ['domain', [apex]],
    ]);
    expect(times(result)).toEqual(['a 2024-01-01T00:00:00']);
  });

  describe('with a maximum TLP', () => {
    const marked = (id: string, TLP: string | null): OtxPulse => ({ ...pulse(id), TLP });
    const other = { type: 'ip', value: '198.51.100.3' };
    const generals = {
      [IP]: generalOf('IPv4', marked('red', 'red'), marked('amber', 'amber'), marked('w', 'white')),
      [other.value]: generalOf('IPv4', marked('red', 'red'), marked('none', null)),
    };
    const walks = {
      red: { found: { [IP]: '2024-01-03T00:00:00', [other.value]: '2024-01-03T00:00:00' } },
      amber: { found: { [IP]: '2024-01-02T00:00:00' } },
      w: { found: { [IP]: '2024-01-01T00:00:00' } },
      none: { found: { [other.value]: '2024-01-01T00:00:00' } },
    };

    it('leaves the pulses above it out before walking, and counts each once', async () => {
      const { steps, calls } = fakeSteps(generals, walks);
      const result = await lookupMany(steps, [ip, other], { maxTlp: 'amber' });
      expect(calls).toEqual([
        `general ip ${IP}`,
        `general ip ${other.value}`,
        `walk amber ${IP}`,
        `walk w ${IP}`,
      ]);
      expect(times(result)).toEqual(['amber 2024-01-02T00:00:00', 'w 2024-01-01T00:00:00']);
      expect(times(result, 1)).toEqual([]);
      // The red pulse is listed by both, the unmarked one (read as red) by one: 2 pulses.
      expect(result.withheldPulses).toBe(2);
      expect(result.indicators[0].general?.pulse_info).toEqual({
        count: 2,
        pulses: [marked('amber', 'amber'), marked('w', 'white')],
      });
    });

    it('also leaves out the pulses OTX counts without listing them (their TLP is unknown)', async () => {
      const capped = generalOf('IPv4', marked('w', 'white'));
      capped.pulse_info = { count: 4, pulses: [marked('w', 'white')] };
      const { steps } = fakeSteps({ [IP]: capped }, walks);
      const result = await lookupMany(steps, [ip], { maxTlp: 'green', walk: false });
      expect(result.withheldPulses).toBe(3);
      expect(result.indicators[0].general?.pulse_info).toEqual({
        count: 1,
        pulses: [marked('w', 'white')],
      });
    });

    it('uses every pulse with the default, red', async () => {
      const { steps, calls } = fakeSteps(generals, walks);
      const result = await lookupMany(steps, [ip], {});
      expect(calls.filter((c) => c.startsWith('walk'))).toHaveLength(3);
      expect(result.withheldPulses).toBe(0);
      expect(result.indicators[0].general).toBe(generals[IP]);
    });
  });

  it('reports a bug (not an OtxException) as a problem, without losing the rest', async () => {
    const bug = new TypeError('boom');
    const other = { type: 'ip', value: '198.51.100.3' };
    const { steps } = fakeSteps(
      { [IP]: generalOf('IPv4', pulse('a')), [other.value]: bug },
      { a: { found: { [IP]: '2020-01-01T00:00:00' } } },
    );
    const result = await lookupMany(steps, [ip, other]);
    expect(result.problems).toEqual([
      { kind: 'general', indicator: result.indicators[1], error: bug },
    ]);
    expect(times(result)).toEqual(['a 2020-01-01T00:00:00']);
  });
});
