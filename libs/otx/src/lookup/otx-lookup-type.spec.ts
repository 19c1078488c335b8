import { canonicalIndicator } from './otx-canonical.util';
import { lookupTypeOf } from './otx-lookup-type';

const asLookedUp = (value: string) => lookupTypeOf('domain', canonicalIndicator('domain', value));

describe(lookupTypeOf.name, () => {
  it.each([
    'update.malware-drop.example',
    'www.example.com',
    'a.b.c.example.org',
    'www.example.co.uk',
    'www.bücher.example',
    'mail.Пример.рф',
    'www.example.com.',
    // Private suffixes are not registrable domains here: github.io is the registrable one.
    'user.github.io',
  ])('looks the sub-domain %j up as a hostname', (value) => {
    expect(asLookedUp(value)).toBe('hostname');
  });

  it.each([
    'example.com',
    'EXAMPLE.com',
    'example.co.uk',
    'bücher.example',
    'Пример.рф',
    'example.com.',
    'co.uk',
    'localhost',
    '198.51.100.10',
    'not a name',
    'a.example.com/path',
  ])('keeps %j a domain', (value) => {
    expect(asLookedUp(value)).toBe('domain');
  });

  it.each(['ip', 'ipv6', 'hostname', 'url', 'md5', 'sha1', 'sha256'] as const)(
    'keeps %s its own type',
    (type) => {
      expect(lookupTypeOf(type, 'www.example.com')).toBe(type);
    },
  );
});
