import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';

/** The committed reverse-proxy configuration that docs/deploy.md installs. */
export const NGINX_SITE_CONF = join(__dirname, '..', '..', 'deploy', 'nginx', 'otx-relay.conf');

/** Debian's nginx binary (`apt-get install nginx`; `.ci/run` installs it), or null. */
export function findNginx(): string | null {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    if (spawnSync(candidate, ['-v']).status === 0) return candidate;
  }
  return null;
}

export interface TestCertificates {
  /** The CA the test client trusts, PEM. */
  ca: string;
  certFile: string;
  keyFile: string;
}

/**
 * A throw-away CA and a server certificate it signs for `hostname` (subjectAltName), made with
 * the openssl CLI in `dir`.
 */
export function makeTestCertificates(dir: string, hostname: string): TestCertificates {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-subj',
    '/CN=otx-relay test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-days',
    '2',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
  );
  openssl(
    'req',
    '-new',
    ...ec,
    '-subj',
    `/CN=${hostname}`,
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
  );
  writeFileSync(
    join(dir, 'server.ext'),
    [
      `subjectAltName = DNS:${hostname}`,
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature',
      'extendedKeyUsage = serverAuth',
      '',
    ].join('\n'),
  );
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server.pem',
  );
  return {
    ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    certFile: join(dir, 'server.pem'),
    keyFile: join(dir, 'server.key'),
  };
}

/** Replaces `from` by `to`, failing when `from` is not found exactly `count` times. */
function replaceExactly(text: string, from: string, to: string, count = 1): string {
  const found = text.split(from).length - 1;
  if (found !== count) {
    throw new Error(
      `${NGINX_SITE_CONF}: expected ${count} × ${JSON.stringify(from)}, found ${found}`,
    );
  }
  return text.split(from).join(to);
}

export interface SiteSubstitutions {
  serverName: string;
  httpPort: number;
  httpsPort: number;
  relayPort: number;
  certFile: string;
  keyFile: string;
  logDir: string;
}

/**
 * The committed site file with only what differs on a test machine replaced: loopback ports
 * instead of 80/443 (no IPv6 listener), the test name, certificate and log paths, and the relay's
 * port. Every replaced string must be found, so a changed file is noticed, not silently skipped.
 */
export function siteConfigForTest(s: SiteSubstitutions): string {
  let conf = readFileSync(NGINX_SITE_CONF, 'utf8');
  conf = replaceExactly(conf, '    listen [::]:80;\n', '');
  conf = replaceExactly(conf, '    listen [::]:443 ssl http2;\n', '');
  conf = replaceExactly(conf, 'listen 80;', `listen 127.0.0.1:${s.httpPort};`);
  conf = replaceExactly(
    conf,
    'listen 443 ssl http2;',
    `listen 127.0.0.1:${s.httpsPort} ssl http2;`,
  );
  conf = replaceExactly(conf, 'server 127.0.0.1:9090;', `server 127.0.0.1:${s.relayPort};`);
  conf = replaceExactly(conf, '/etc/ssl/certs/relay.example.com.fullchain.pem', s.certFile);
  conf = replaceExactly(conf, '/etc/ssl/private/relay.example.com.key', s.keyFile);
  conf = replaceExactly(conf, '/var/log/nginx/', `${s.logDir}/`);
  conf = replaceExactly(conf, 'server_name relay.example.com;', `server_name ${s.serverName};`, 2);
  return conf;
}

/** The main nginx.conf around the site file: one foreground process, everything under `prefix`. */
function mainConfig(prefix: string, siteFile: string): string {
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `    ${kind}_temp_path ${prefix}/tmp/${kind};`)
    .join('\n');
  return [
    'daemon off;',
    'master_process off;',
    `pid ${prefix}/nginx.pid;`,
    `error_log ${prefix}/logs/error.log info;`,
    'events { worker_connections 64; }',
    'http {',
    `    access_log ${prefix}/logs/access.log;`,
    temp,
    `    include ${siteFile};`,
    '}',
    '',
  ].join('\n');
}

export interface RunningNginx {
  /** The access log of the relay's site (the committed file's `access_log`). */
  siteAccessLog(): string;
  stop(): Promise<void>;
}

/** Checks and starts nginx in the foreground with `siteConf`, under `prefix`, until it listens. */
export async function startNginx(
  nginx: string,
  prefix: string,
  siteConf: string,
  httpsPort: number,
): Promise<RunningNginx> {
  for (const dir of ['logs', 'tmp']) mkdirSync(join(prefix, dir), { recursive: true });
  const siteFile = join(prefix, 'otx-relay.conf');
  writeFileSync(siteFile, siteConf);
  writeFileSync(join(prefix, 'nginx.conf'), mainConfig(prefix, siteFile));
  const args = [
    '-p',
    prefix,
    '-c',
    join(prefix, 'nginx.conf'),
    '-e',
    join(prefix, 'logs/error.log'),
  ];
  const check = spawnSync(nginx, [...args, '-t'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}`);
  const child: ChildProcess = spawn(nginx, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(httpsPort, child, () => stderr);
  return {
    siteAccessLog: () => {
      const file = join(prefix, 'logs', 'otx-relay.access.log');
      return existsSync(file) ? readFileSync(file, 'utf8') : '';
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null)
      throw new Error(`nginx exited with ${child.exitCode}: ${stderr()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on 127.0.0.1:${port}: ${stderr()}`);
}

export interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

/**
 * One HTTPS request to `url`, whose host name is resolved to 127.0.0.1, trusting only `ca`
 * (none: the system's CAs). The certificate is verified against the URL's host name.
 */
export function httpsTo(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string>; ca?: string } = {},
): Promise<HttpsAnswer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: init.method ?? 'POST',
        servername: target.hostname,
        ca: init.ca,
        headers: { host: target.host, ...init.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
