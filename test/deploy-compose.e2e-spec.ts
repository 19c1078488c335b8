import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';

const ROOT = join(__dirname, '..');
const PROD = join(ROOT, 'docker-compose.prod.yml');
const CHECK = join(ROOT, 'scripts', 'containers', 'check-compose.mjs');

/** check-compose.mjs --production on a file: its exit code and the problems it lists. */
function checkProduction(file: string): { status: number | null; problems: string[] } {
  const result = spawnSync(process.execPath, [CHECK, '--production', file], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: result.status, problems: result.stdout.split('\n').filter(Boolean) };
}

type Services = Record<string, Record<string, any>>;

describe('docker-compose.prod.yml, the production compose file (docs/deploy.md)', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'otx-relay-compose-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The production file changed by `edit`, in a temp dir (its build context made absolute). */
  const variant = (edit: (services: Services) => void): string => {
    const doc = YAML.parse(readFileSync(PROD, 'utf8')) as { services: Services };
    doc.services.relay.build.context = ROOT;
    edit(doc.services);
    const file = join(dir, `variant-${Math.random().toString(36).slice(2)}.yml`);
    writeFileSync(file, YAML.stringify(doc));
    return file;
  };

  it('passes the production check (schema, variables, and what production needs)', () => {
    expect(checkProduction(PROD)).toEqual({ status: 0, problems: [] });
  });

  it.each<[string, (s: Services) => void, string]>([
    ['no restart policy', (s) => delete s.relay.restart, 'relay: no restart policy'],
    [
      'a writable root',
      (s) => (s.redis.read_only = false),
      'redis: root file system not read_only',
    ],
    ['capabilities kept', (s) => delete s.relay.cap_drop, 'relay: cap_drop lacks ALL'],
    ['no memory limit', (s) => delete s.redis.mem_limit, 'redis: no memory limit'],
    ['no CPU limit', (s) => delete s.relay.cpus, 'relay: no CPU limit'],
    ['no process limit', (s) => delete s.relay.pids_limit, 'relay: no process limit'],
    [
      'a port on every interface',
      (s) => (s.relay.ports = ['9090:9090']),
      'relay: port 9090:9090 not bound to 127.0.0.1',
    ],
    [
      'Redis without a password',
      (s) => (s.redis.command = ['redis-server', '--save', '']),
      'redis: Redis without --requirepass',
    ],
    [
      'a REDIS_URL without the password',
      (s) => (s.relay.environment.REDIS_URL = 'redis://redis:6379'),
      'relay: REDIS_URL does not reach redis with a password',
    ],
    ['no JWT_AUDIENCE', (s) => delete s.relay.environment.JWT_AUDIENCE, 'relay: no JWT_AUDIENCE'],
    [
      'the simulator',
      (s) => (s.relay.build.target = 'otx-sim'),
      'relay: build target otx-sim is a test one',
    ],
  ])('is refused with %s', (_what, edit, problem) => {
    expect(checkProduction(variant(edit))).toEqual({
      status: 1,
      problems: [`${problem} (production)`],
    });
  });
});
