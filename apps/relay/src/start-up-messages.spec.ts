import { ConfigValidationError } from './config/relay.config';
import { boundUrl, startFailureLine } from './start-up-messages';

describe(boundUrl.name, () => {
  it('names the address the socket is bound to, all interfaces included', () => {
    expect(boundUrl({ address: '0.0.0.0', family: 'IPv4', port: 9090 })).toBe(
      'http://0.0.0.0:9090',
    );
    expect(boundUrl({ address: '127.0.0.2', family: 'IPv4', port: 1 })).toBe('http://127.0.0.2:1');
    expect(boundUrl({ address: '::', family: 'IPv6', port: 9090 })).toBe('http://[::]:9090');
    expect(boundUrl({ address: '::1', family: 'IPv6', port: 80 })).toBe('http://[::1]:80');
  });

  it('gives a Unix socket path as it is', () => {
    expect(boundUrl('/run/otx-relay.sock')).toBe('/run/otx-relay.sock');
  });
});

describe(startFailureLine.name, () => {
  it('puts the reason on one line', () => {
    const busy = Object.assign(
      new Error('listen EADDRINUSE: address already in use 0.0.0.0:9090'),
      {
        code: 'EADDRINUSE',
      },
    );
    expect(startFailureLine(busy)).toBe(
      'otx-relay failed to start: listen EADDRINUSE: address already in use 0.0.0.0:9090',
    );
    expect(startFailureLine(new Error('first\n  second\nthird\n'))).toBe(
      'otx-relay failed to start: first second third',
    );
    expect(startFailureLine('plain')).toBe('otx-relay failed to start: plain');
  });

  it('keeps every problem of a configuration error on that line', () => {
    const error = new ConfigValidationError(['PORT="abc": a', 'AUTH_MODE="x": b']);
    expect(startFailureLine(error)).toBe(
      'otx-relay failed to start: invalid settings: PORT="abc": a; AUTH_MODE="x": b',
    );
  });
});
