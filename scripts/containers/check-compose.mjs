// Checks compose files without an engine: the compose-spec JSON schema that dclint ships (every
// error, not just the first), plus what no schema can see across files:
//   - every depends_on target is a service of the merged files;
//   - every build.target is a stage of that build's Dockerfile;
//   - every variable set on the relay service is one the relay reads (EnvDto), so a misspelt
//     name cannot go unnoticed behind the relay's defaults.
// With --production (docker-compose.prod.yml), also what docs/deploy.md promises of it: every
// service restarts, has a read-only root file system, no capabilities, no new privileges, memory,
// CPU and process limits, and publishes on 127.0.0.1 only; no simulator or test target; the
// relay has JWT_AUDIENCE and reaches Redis with a password that Redis requires.
// usage: node scripts/containers/check-compose.mjs [--production] docker-compose.yml [override.yml ...]
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import YAML from 'yaml';

const RELAY_SERVICE = 'relay';
const RELAY_ENV_DTO = 'apps/relay/src/config/env.dto.ts';

function loadSchemaValidator() {
  const dclint = dirname(createRequire(import.meta.url).resolve('dclint/package.json'));
  const schema = JSON.parse(readFileSync(join(dclint, 'schemas/compose.schema.json'), 'utf8'));
  delete schema.$schema; // ajv does not know the draft-07 URL this schema names
  return new Ajv({ allErrors: true, strict: false }).compile(schema);
}

/** Schema errors, without oneOf noise: a branch's type error is dropped when a deeper error exists. */
function schemaProblems(validate, doc, file) {
  if (validate(doc)) return [];
  const errors = validate.errors.filter((e) => e.keyword !== 'oneOf');
  const deeper = (e) =>
    errors.some((o) => o !== e && o.instancePath.startsWith(`${e.instancePath}/`));
  const kept = errors.filter((e) => !(e.keyword === 'type' && deeper(e)));
  const shown = kept.length > 0 ? kept : validate.errors;
  const text = (e) =>
    `${file}: schema: ${e.instancePath || '/'} ${e.message}` +
    (e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : '') +
    (e.params?.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : '');
  return [...new Set(shown.map(text))];
}

/** Services of all files merged shallowly, enough for names, depends_on, build and environment. */
function mergeServices(docs) {
  const services = {};
  for (const doc of docs) {
    for (const [name, svc] of Object.entries(doc?.services ?? {})) {
      const prev = services[name] ?? {};
      services[name] = {
        ...prev,
        ...svc,
        build: mergeBuild(prev.build, svc.build),
        environment: { ...envMap(prev.environment), ...envMap(svc.environment) },
      };
    }
  }
  return services;
}

function mergeBuild(a, b) {
  if (a === undefined || b === undefined) return a ?? b;
  const obj = (x) => (typeof x === 'string' ? { context: x } : x);
  return { ...obj(a), ...obj(b) };
}

function envMap(env) {
  if (!Array.isArray(env)) return env ?? {};
  return Object.fromEntries(env.map((e) => [e.split('=')[0], e.split(/=(.*)/s)[1] ?? null]));
}

/** Stage names (`FROM ... AS name`) of a Dockerfile. */
function dockerfileStages(path) {
  const text = readFileSync(path, 'utf8').replace(/\\\r?\n/g, ' ');
  return new Set(
    [...text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*\S+\s+AS\s+(\S+)/gim)].map((m) =>
      m[1].toLowerCase(),
    ),
  );
}

/** Names of the class fields of EnvDto: the variables the relay reads. */
function relayEnvNames() {
  if (!existsSync(RELAY_ENV_DTO)) return null;
  const text = readFileSync(RELAY_ENV_DTO, 'utf8');
  const body = text.slice(text.indexOf('class EnvDto'));
  return new Set([...body.matchAll(/\b([A-Z][A-Z0-9_]+)\??(?=\s*[=:;])/g)].map((m) => m[1]));
}

function semanticProblems(services, baseDir) {
  const problems = [];
  for (const [name, svc] of Object.entries(services)) {
    const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
    for (const d of deps) {
      if (!(d in services)) problems.push(`${name}: depends on undefined service ${d}`);
    }
    if (svc.build?.target !== undefined) {
      const context = resolve(baseDir, svc.build.context ?? '.');
      const dockerfile = resolve(context, svc.build.dockerfile ?? 'Dockerfile');
      if (!existsSync(dockerfile)) problems.push(`${name}: no Dockerfile at ${dockerfile}`);
      else if (!dockerfileStages(dockerfile).has(String(svc.build.target).toLowerCase()))
        problems.push(`${name}: build.target ${svc.build.target} is not a stage of ${dockerfile}`);
    }
  }
  const known = relayEnvNames();
  for (const key of Object.keys(services[RELAY_SERVICE]?.environment ?? {})) {
    if (known && !known.has(key))
      problems.push(`${RELAY_SERVICE}: ${key} is not read by the relay`);
  }
  return problems;
}

const RESTART_POLICIES = ['always', 'unless-stopped', 'on-failure'];
const TEST_TARGETS = ['otx-sim', 'e2e'];

/** What a production file must hold, service by service (docs/deploy.md). */
function productionProblems(services) {
  const problems = [];
  for (const [name, svc] of Object.entries(services)) {
    const want = (ok, what) => {
      if (!ok) problems.push(`${name}: ${what} (production)`);
    };
    want(RESTART_POLICIES.includes(String(svc.restart).split(':')[0]), 'no restart policy');
    want(svc.read_only === true, 'root file system not read_only');
    want((svc.cap_drop ?? []).includes('ALL'), 'cap_drop lacks ALL');
    want((svc.security_opt ?? []).includes('no-new-privileges:true'), 'no no-new-privileges');
    const limits = svc.deploy?.resources?.limits ?? {};
    want(svc.mem_limit !== undefined || limits.memory !== undefined, 'no memory limit');
    want(svc.cpus !== undefined || limits.cpus !== undefined, 'no CPU limit');
    want(svc.pids_limit !== undefined || limits.pids !== undefined, 'no process limit');
    for (const port of svc.ports ?? []) {
      want(String(port).startsWith('127.0.0.1:'), `port ${port} not bound to 127.0.0.1`);
    }
    want(
      !TEST_TARGETS.includes(svc.build?.target),
      `build target ${svc.build?.target} is a test one`,
    );
    want(!(svc.environment && 'OTX_SIM_API_KEYS' in svc.environment), 'the simulator');
  }
  const relay = services[RELAY_SERVICE];
  if (!relay) return [...problems, `no ${RELAY_SERVICE} service (production)`];
  const env = relay.environment ?? {};
  if (!env.JWT_AUDIENCE) problems.push(`${RELAY_SERVICE}: no JWT_AUDIENCE (production)`);
  for (const [name, svc] of Object.entries(services)) {
    if (!/^redis:/.test(svc.image ?? '')) continue;
    const command = [].concat(svc.command ?? []).join(' ');
    if (!/--requirepass \S/.test(command))
      problems.push(`${name}: Redis without --requirepass (production)`);
    if (!new RegExp(`^rediss?://[^@/]*:[^@/]+@${name}:`).test(String(env.REDIS_URL ?? ''))) {
      problems.push(
        `${RELAY_SERVICE}: REDIS_URL does not reach ${name} with a password (production)`,
      );
    }
  }
  return problems;
}

const args = process.argv.slice(2);
const production = args.includes('--production');
const files = args.filter((a) => a !== '--production');
if (files.length === 0) {
  console.error('usage: check-compose.mjs [--production] <compose file> [override ...]');
  process.exit(2);
}
const validate = loadSchemaValidator();
const docs = files.map((f) => YAML.parse(readFileSync(f, 'utf8')));
const services = mergeServices(docs);
const problems = [
  ...docs.flatMap((doc, i) => schemaProblems(validate, doc, files[i])),
  ...semanticProblems(services, dirname(resolve(files[0]))),
  ...(production ? productionProblems(services) : []),
];
for (const p of problems) console.log(p);
process.exit(problems.length > 0 ? 1 : 0);
