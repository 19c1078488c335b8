import { isCtimUri } from './uri';

describe(isCtimUri.name, () => {
  it.each([
    'https://blog.example.net/qakbot-week3',
    'http://a.example/a%20b?x=1#y',
    'https://attack.mitre.org/techniques/T1055/012/',
    'urn:isbn:0451450523',
    `https://a.example/${'x'.repeat(2048 - 18)}`,
  ])('accepts %s', (value) => {
    expect(isCtimUri(value)).toBe(true);
  });

  it.each<unknown>([
    '',
    'Internal sandbox run 2023-10-02',
    'blog.example.net/qakbot',
    'https://a.example/a b',
    'https://exämple.example/',
    'http://a.example/%zz',
    `https://a.example/${'x'.repeat(2048 - 17)}`,
    null,
    42,
  ])('rejects %j', (value) => {
    expect(isCtimUri(value)).toBe(false);
  });
});
