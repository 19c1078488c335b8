import type { OtxGeneral, OtxPulse } from '../otx.types';
import { selectPulses } from './otx-pulse-selection';

const pulse = (id: string, fields: Partial<OtxPulse> = {}): OtxPulse => ({
  id,
  name: id,
  ...fields,
});
const general = (baseType: string, pulses: OtxPulse[], typeTitle?: string): OtxGeneral => ({
  ...(typeTitle ? { type_title: typeTitle } : {}),
  base_indicator: { type: baseType },
  pulse_info: { count: pulses.length, pulses },
});
const ids = (pulses: OtxPulse[]) => pulses.map((p) => p.id);

describe(selectPulses.name, () => {
  it('walks the pulses whose related_indicator_type is the queried type, whatever the base', () => {
    // A recorded SHA1 query: base_indicator is the file's MD5, the SHA1 pulses say FileHash-SHA1.
    const answer = general(
      'FileHash-MD5',
      [
        pulse('sha1-pulse', {
          related_indicator_type: 'FileHash-SHA1',
          indicator_type_counts: { 'FileHash-SHA1': 3 },
        }),
        pulse('md5-pulse', {
          related_indicator_type: 'FileHash-MD5',
          indicator_type_counts: { 'FileHash-MD5': 2 },
        }),
      ],
      'FileHash-SHA1',
    );
    expect(ids(selectPulses(answer, 'sha1'))).toEqual(['sha1-pulse']);
  });

  it('walks a pulse whose only IPv4 is the queried, expired one (counts leave it out)', () => {
    const expired = pulse('expired', {
      related_indicator_type: 'IPv4',
      related_indicator_is_active: 0,
      indicator_type_counts: { domain: 12 },
    });
    expect(ids(selectPulses(general('IPv4', [expired]), 'ip'))).toEqual(['expired']);
  });

  it('walks a pulse that does not say how it lists the indicator', () => {
    const silent = pulse('silent', { indicator_type_counts: { domain: 1 } });
    const noCounts = pulse('no-counts');
    expect(ids(selectPulses(general('IPv4', [silent, noCounts]), 'ip'))).toEqual([
      'silent',
      'no-counts',
    ]);
  });

  it('uses the counts only for a pulse that says the indicator is active but not its type', () => {
    const active = (id: string, counts: Record<string, number>) =>
      pulse(id, { related_indicator_is_active: 1, indicator_type_counts: counts });
    const answer = general('IPv4', [active('listed', { IPv4: 4 }), active('other', { URL: 1 })]);
    expect(ids(selectPulses(answer, 'ip'))).toEqual(['listed']);
  });

  it('takes domain and hostname pulses for a domain, and type_title as a queried type', () => {
    const answer = general(
      'domain',
      [
        pulse('d', { related_indicator_type: 'domain' }),
        pulse('h', { related_indicator_type: 'hostname' }),
        pulse('u', { related_indicator_type: 'URL' }),
      ],
      'Domain',
    );
    expect(ids(selectPulses(answer, 'domain'))).toEqual(['d', 'h']);
    const urlTitled = general('domain', answer.pulse_info!.pulses!, 'URL');
    expect(ids(selectPulses(urlTitled, 'domain'))).toEqual(['d', 'h', 'u']);
  });

  it('takes hostname and domain pulses for a hostname, by type or by counts', () => {
    const answer = general('hostname', [
      pulse('h', { related_indicator_type: 'hostname' }),
      pulse('d', { related_indicator_type: 'domain' }),
      pulse('i', { related_indicator_type: 'IPv4' }),
      pulse('counted', { related_indicator_is_active: 1, indicator_type_counts: { domain: 2 } }),
      pulse('other', { related_indicator_is_active: 1, indicator_type_counts: { URL: 2 } }),
    ]);
    expect(ids(selectPulses(answer, 'hostname'))).toEqual(['h', 'd', 'counted']);
  });

  it('walks nothing without a base indicator type, a pulse list or a pulse id', () => {
    const listed = [pulse('a', { related_indicator_type: 'IPv4' })];
    expect(selectPulses(null, 'ip')).toEqual([]);
    expect(selectPulses({ base_indicator: {}, pulse_info: { pulses: listed } }, 'ip')).toEqual([]);
    expect(selectPulses({ base_indicator: { type: 'IPv4' }, pulse_info: null }, 'ip')).toEqual([]);
    const odd = [{ name: 'no id' }, null, pulse('')] as unknown as OtxPulse[];
    expect(selectPulses(general('IPv4', odd), 'ip')).toEqual([]);
  });
});
