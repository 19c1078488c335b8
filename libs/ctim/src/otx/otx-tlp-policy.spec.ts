import { CTIM_TLPS } from '../tlp';
import { GMAIL, MALICIOUS_IP_THREE_AUTHORS, NOTHING_KNOWN } from './fixtures/otx-general-answers';
import { otxGeneralWithinTlp, policyTlpOfPulse, splitPulsesByTlp } from './otx-tlp-policy';

const pulse = (id: string, TLP: unknown) => ({ id, TLP }) as { id: string; TLP?: string };

describe(policyTlpOfPulse.name, () => {
  it.each<[unknown, string]>([
    [{ TLP: 'white' }, 'white'],
    [{ TLP: 'AMBER' }, 'amber'],
    [{ tlp: 'green' }, 'green'],
    [{ TLP: 'TLP:CLEAR' }, 'white'],
    // Unreadable markings are read as the most restrictive.
    [{ TLP: 'purple' }, 'red'],
    [{ TLP: null }, 'red'],
    [{}, 'red'],
    [null, 'red'],
  ])('%j → %s', (p, tlp) => {
    expect(policyTlpOfPulse(p)).toBe(tlp);
  });
});

describe(splitPulsesByTlp.name, () => {
  const pulses = [
    pulse('w', 'white'),
    pulse('r', 'red'),
    pulse('g', 'green'),
    pulse('u', undefined),
    pulse('a', 'amber'),
    pulse('x', 'secret'),
  ];
  const ids = (list: { id: string }[]) => list.map((p) => p.id);

  it.each([
    ['white', ['w'], ['r', 'g', 'u', 'a', 'x']],
    ['green', ['w', 'g'], ['r', 'u', 'a', 'x']],
    ['amber', ['w', 'g', 'a'], ['r', 'u', 'x']],
    ['red', ['w', 'r', 'g', 'u', 'a', 'x'], []],
  ] as const)('max %s keeps %j and drops %j, in order', (max, kept, dropped) => {
    const split = splitPulsesByTlp(pulses, max);
    expect([ids(split.kept), ids(split.dropped)]).toStrictEqual([kept, dropped]);
  });

  it.each<unknown>([null, undefined, 'pulses', { 0: pulse('w', 'white') }])(
    'gives two empty lists for %p',
    (value) => {
      expect(splitPulsesByTlp(value as never, 'red')).toStrictEqual({ kept: [], dropped: [] });
    },
  );
});

describe(otxGeneralWithinTlp.name, () => {
  it('leaves the answer itself when the maximum is red', () => {
    const out = otxGeneralWithinTlp(MALICIOUS_IP_THREE_AUTHORS, 'red');
    expect(out.general).toBe(MALICIOUS_IP_THREE_AUTHORS);
    expect(out.dropped).toBe(0);
  });

  it('drops the pulses above the maximum, recounts, and removes the aggregates', () => {
    const before = JSON.stringify(MALICIOUS_IP_THREE_AUTHORS);
    const { general, dropped } = otxGeneralWithinTlp(MALICIOUS_IP_THREE_AUTHORS, 'green');
    expect(dropped).toBe(1);
    const info = general.pulse_info as Record<string, unknown>;
    expect(info.count).toBe(2);
    expect((info.pulses as { TLP: string }[]).map((p) => p.TLP)).toStrictEqual(['white', 'green']);
    expect(info).not.toHaveProperty('references');
    expect(info).not.toHaveProperty('related');
    // Everything else of the answer stays; the input is untouched.
    expect(general.validation).toBe(MALICIOUS_IP_THREE_AUTHORS.validation);
    expect(general.indicator).toBe('198.51.100.77');
    expect(JSON.stringify(MALICIOUS_IP_THREE_AUTHORS)).toBe(before);
  });

  it('counts the pulses OTX counts but does not list as dropped below red: their TLP is unknown', () => {
    // 812 counted, 3 listed, all white.
    const { general, dropped } = otxGeneralWithinTlp(GMAIL, 'amber');
    expect(dropped).toBe(809);
    expect(general.pulse_info).toMatchObject({ count: 3 });
    expect(general.pulse_info?.pulses).toHaveLength(3);
  });

  it.each(['white', 'green', 'amber'] as const)(
    'returns an answer with nothing to drop unchanged (max %s)',
    (max) => {
      const within = { pulse_info: { count: 1, pulses: [pulse('w', 'white')], references: ['r'] } };
      expect(otxGeneralWithinTlp(within, max)).toStrictEqual({ general: within, dropped: 0 });
      expect(otxGeneralWithinTlp(NOTHING_KNOWN, max).general).toBe(NOTHING_KNOWN);
    },
  );

  it.each<unknown>([null, 'x', {}, { pulse_info: null }, { pulse_info: [] }])(
    'returns %p as it is',
    (general) => {
      for (const max of CTIM_TLPS) {
        expect(otxGeneralWithinTlp(general as never, max)).toStrictEqual({ general, dropped: 0 });
      }
    },
  );

  it('drops every counted pulse when the list is missing and the maximum is below red', () => {
    const { general, dropped } = otxGeneralWithinTlp({ pulse_info: { count: 4 } }, 'amber');
    expect(dropped).toBe(4);
    expect(general.pulse_info).toStrictEqual({ count: 0, pulses: [] });
  });
});
