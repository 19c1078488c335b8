import { VERIFIED_TOKEN_MAX_MS, VerifiedTokenCache } from './verified-token.cache';

describe(VerifiedTokenCache.name, () => {
  let clock = 0;
  const now = () => clock;
  const payload = (exp?: number) => ({ key: 'k', ...(exp === undefined ? {} : { exp }) });

  beforeEach(() => (clock = 1_000_000_000));

  it('returns a stored payload until its bound, then forgets it', () => {
    const cache = new VerifiedTokenCache(600_000, 0, now);
    cache.set('t', payload());
    expect(cache.get('t')).toEqual(payload());
    clock += VERIFIED_TOKEN_MAX_MS - 1;
    expect(cache.get('t')).toEqual(payload());
    clock += 1;
    expect(cache.get('t')).toBeUndefined();
  });

  it("never keeps a payload past the token's exp plus the clock tolerance", () => {
    const cache = new VerifiedTokenCache(600_000, 5, now);
    const exp = clock / 1000 + 10;
    cache.set('t', payload(exp));
    clock = (exp + 5) * 1000 - 1;
    expect(cache.get('t')).toEqual(payload(exp));
    clock += 1;
    expect(cache.get('t')).toBeUndefined();
  });

  it('never keeps a payload longer than the key it was verified with is cached', () => {
    const cache = new VerifiedTokenCache(2_000, 0, now);
    cache.set('t', payload());
    clock += 2_000;
    expect(cache.get('t')).toBeUndefined();
  });

  it('keeps nothing when keys are not cached or the token is already past exp', () => {
    const off = new VerifiedTokenCache(0, 0, now);
    off.set('t', payload());
    expect(off.get('t')).toBeUndefined();
    const cache = new VerifiedTokenCache(600_000, 0, now);
    cache.set('old', payload(clock / 1000 - 1));
    expect(cache.get('old')).toBeUndefined();
  });

  it('tells tokens apart by their whole text', () => {
    const cache = new VerifiedTokenCache(600_000, 0, now);
    cache.set('a.b.c', payload());
    expect(cache.get('a.b.d')).toBeUndefined();
    expect(cache.get('a.b.c ')).toBeUndefined();
  });
});
