import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

/** Whether Debian's `redis-server` is installed (CI installs it; `.ci/run`). */
export const HAS_REDIS_SERVER = spawnSync('redis-server', ['--version']).status === 0;

/**
 * A `describe` that needs redis-server: skipped on a machine without it, except in CI (`CI`
 * set, as `.ci/run` does), where a missing server must fail instead of hiding the tests.
 */
export const describeWithRedis: jest.Describe =
  HAS_REDIS_SERVER || process.env.CI ? describe : describe.skip;

/** A throw-away `redis-server` on 127.0.0.1, no persistence. */
export class TestRedisServer {
  private stopped = false;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<TestRedisServer> {
    const port = await freePort();
    execFileSync('redis-server', [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'yes',
      '--pidfile',
      `/tmp/otx-test-redis-${port}.pid`,
      '--logfile',
      '',
    ]);
    const server = new TestRedisServer(port);
    await server.waitUntil(true);
    return server;
  }

  /** Stops the server (SHUTDOWN NOSAVE) and waits until its port is closed. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    spawnSync('redis-cli', ['-p', String(this.port), 'shutdown', 'nosave']);
    await this.waitUntil(false);
  }

  private async waitUntil(up: boolean): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const pong = spawnSync('redis-cli', ['-p', String(this.port), 'ping']).stdout?.toString();
      if ((pong?.trim() === 'PONG') === up) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`redis-server on port ${this.port} did not ${up ? 'start' : 'stop'}`);
  }
}

/** A port nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
