import { Logger } from '@nestjs/common';
import { isEmptyGeneral, pickGeneral } from '../lookup/otx-general.util';
import { OtxLookupCache } from './otx-lookup-cache';

describe('OtxLookupCache in memory', () => {
  let now = 0;
  const cache = (maxEntries = 10) =>
    new OtxLookupCache({ maxEntries, logger: new Logger('test'), now: () => now });
  beforeEach(() => (now = 1_000_000));

  it('keeps each entry for its own TTL, null values included', async () => {
    const c = cache();
    await c.set('hit', { a: 1 }, 3600);
    await c.set('empty', null, 900);

    now += 899_000;
    expect(await c.get('hit')).toEqual({ value: { a: 1 } });
    expect(await c.get('empty')).toEqual({ value: null });
    now += 2_000;
    expect(await c.get('empty')).toBeUndefined();
    expect(await c.get('hit')).toEqual({ value: { a: 1 } });
    now += 2_700_000;
    expect(await c.get('hit')).toBeUndefined();
  });

  it('keeps nothing for a TTL of 0, and misses unknown keys', async () => {
    const c = cache();
    await c.set('k', 1, 0);
    expect(await c.get('k')).toBeUndefined();
    expect(await c.get('other')).toBeUndefined();
  });

  it('drops the least recently used entry beyond maxEntries', async () => {
    const c = cache(2);
    await c.set('a', 1, 60);
    await c.set('b', 2, 60);
    await c.get('a');
    await c.set('c', 3, 60);

    expect(await c.get('b')).toBeUndefined();
    expect(await c.get('a')).toEqual({ value: 1 });
    expect(await c.get('c')).toEqual({ value: 3 });
  });

  it('caches nothing with maxEntries 0', async () => {
    const c = cache(0);
    await c.set('a', 1, 60);
    expect(await c.get('a')).toBeUndefined();
  });
});

describe('general answers in the cache', () => {
  it('keeps only the fields the relay reads', () => {
    const kept = {
      id: 'p',
      name: 'n',
      TLP: 'white',
      tags: [],
      modified: '2024-01-19T08:41:12.517000',
      references: ['https://blog.example.net/x'],
      attack_ids: [{ id: 'T1071', name: 'Application Layer Protocol' }],
      indicator_type_counts: { domain: 3 },
      related_indicator_type: 'IPv4',
      related_indicator_is_active: 0,
    };
    const body = {
      indicator: '1.2.3.4',
      type_title: 'IPv4',
      base_indicator: { type: 'IPv4', id: 9, access_type: 'public' },
      pulse_info: {
        count: 3,
        references: ['x'],
        pulses: [
          { ...kept, author: { username: 'u', avatar_url: 'a' }, export_count: 12, locked: false },
          7,
        ],
      },
      validation: [{ source: 'whitelist', message: 'm', name: 'n' }],
      false_positive: [],
      asn: 'AS64500 Example Hosting Ltd',
      sections: ['general'],
    };
    expect(pickGeneral(body)).toEqual({
      type_title: 'IPv4',
      base_indicator: { type: 'IPv4' },
      pulse_info: { count: 3, pulses: [{ ...kept, author: { username: 'u' } }, 7] },
      validation: [{ source: 'whitelist', message: 'm', name: 'n' }],
      false_positive: [],
    });
    expect(pickGeneral({ base_indicator: {}, pulse_info: null })).toEqual({
      base_indicator: {},
      pulse_info: null,
    });
  });

  it.each([
    [null, true],
    [{ base_indicator: {}, pulse_info: { count: 0, pulses: [] } }, true],
    [{ base_indicator: { type: 'IPv4' }, pulse_info: { count: 0, pulses: [] } }, true],
    [{ base_indicator: { type: 'IPv4' } }, true],
    [{ base_indicator: { type: 'IPv4' }, pulse_info: { pulses: [{ id: 'p', name: 'n' }] } }, false],
  ])('%j is "no data": %s', (general, empty) => {
    expect(isEmptyGeneral(general)).toBe(empty);
  });
});
