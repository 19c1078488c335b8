import { CTIM_OBSERVABLE_TYPES, isCtimObservableType } from './observable-types';

describe('CTIM_OBSERVABLE_TYPES', () => {
  it('lists the 63 types of contract §9.2, without duplicates', () => {
    expect(CTIM_OBSERVABLE_TYPES).toHaveLength(63);
    expect(new Set(CTIM_OBSERVABLE_TYPES).size).toBe(63);
  });

  it('keeps the contract order (alphabetical there)', () => {
    expect(CTIM_OBSERVABLE_TYPES[0]).toBe('acudid');
    expect(CTIM_OBSERVABLE_TYPES[62]).toBe('user_agent');
    expect([...CTIM_OBSERVABLE_TYPES]).toEqual([...CTIM_OBSERVABLE_TYPES].sort());
  });
});

describe(isCtimObservableType.name, () => {
  it.each(['ip', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256', 'email', 'hostname', 'user'])(
    'accepts %s',
    (t) => expect(isCtimObservableType(t)).toBe(true),
  );

  it.each<unknown>(['IP', 'ipv4', 'sha512', 'file', '', ' ip', 'toString', null, undefined, 1, {}])(
    'rejects %p',
    (t) => expect(isCtimObservableType(t)).toBe(false),
  );
});
