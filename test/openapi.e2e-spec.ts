import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from './helpers/http';
import { describeWithOwnConfig, RunningServer, startRelay } from './helpers/servers';

const OPENAPI_FILE = join(__dirname, '../docs/openapi.json');

interface Route {
  method: string;
  path: string;
}

const joinPath = (...parts: string[]) =>
  `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;

/** Every route the running app's controllers declare, read from Nest's router metadata. */
function controllerRoutes(app: NestFastifyApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const base = (Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined) ?? '';
      const proto = (metatype as { prototype: Record<string, unknown> }).prototype;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name] as object;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (name === 'constructor' || path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        routes.push({ method, path: joinPath(base, path) });
      }
    }
  }
  return routes;
}

describeWithOwnConfig('OpenAPI document and Swagger UI', () => {
  let relay: RunningServer;
  let document: any;
  beforeAll(async () => {
    relay = await startRelay({});
    const res = await request(`${relay.url}/docs-json`, { method: 'GET' });
    expect(res.status).toBe(200);
    document = res.body;
  });
  afterAll(() => relay?.close());

  it('serves exactly the committed docs/openapi.json (schema first: npm run openapi updates it)', () => {
    const served = `${JSON.stringify(document, null, 2)}\n`;
    // `npm run openapi` writes the served document; the diff is then reviewed like code.
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(OPENAPI_FILE, served);
    expect(served).toBe(readFileSync(OPENAPI_FILE, 'utf8'));
  });

  it('documents every route the relay serves, and only those', () => {
    const fastify = relay.app.getHttpAdapter().getInstance();
    const routes = controllerRoutes(relay.app);
    expect(routes.length).toBeGreaterThanOrEqual(6);
    for (const { method, path } of routes) {
      expect(fastify.hasRoute({ method, url: path })).toBe(true);
      expect({ path, method, documented: document.paths[path]?.[method.toLowerCase()] }).toEqual({
        path,
        method,
        documented: expect.any(Object),
      });
    }
    const documented = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops as object).map((m) => ({ method: m.toUpperCase(), path })),
    );
    expect(documented).toHaveLength(routes.length);
  });

  it('has request and response examples for every endpoint, errors included', () => {
    for (const [path, ops] of Object.entries<any>(document.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        const ok = op.responses['200'];
        const examples = Object.values<any>(ok.content).flatMap((c) =>
          c.examples ? Object.values(c.examples) : [c.example],
        );
        const complete = examples.length > 0 && examples.every((e) => e !== undefined);
        expect({ path, method, complete }).toEqual({ path, method, complete: true });
        if (method === 'post' && /observables$/.test(path)) {
          expect(Object.keys(op.requestBody.content['application/json'].examples)).not.toEqual([]);
        }
      }
    }
    for (const path of ['/observe/observables', '/deliberate/observables']) {
      const content = document.paths[path].post.responses['200'].content;
      const codes = Object.values<any>(content['application/json'].examples).flatMap((e) =>
        (e.value.errors ?? []).map((err: { code: string }) => err.code),
      );
      expect({ path, codes }).toEqual({
        path,
        codes: expect.arrayContaining(['invalid payload received', 'authorization error']),
      });
    }
  });

  it('describes the error envelope once, with its typical errors', () => {
    const envelope = document.components.schemas.ErrorEnvelopeDto;
    expect(envelope.properties.errors.items).toEqual({
      $ref: '#/components/schemas/RelayErrorDto',
    });
    expect(document.components.schemas.RelayErrorDto.properties.type.enum).toEqual([
      'fatal',
      'warning',
    ]);
    const codes = Object.values<any>(document.components.examples).map(
      (e) => e.value.errors[0].code,
    );
    expect(codes).toEqual(['invalid payload received', 'authorization error']);
    const refer = document.paths['/refer/observables'].post.responses['200'].content;
    expect(refer['application/json'].schema.oneOf).toContainEqual({
      $ref: '#/components/schemas/ErrorEnvelopeDto',
    });
  });

  it('marks the endpoints that need the token, and only those', () => {
    const secured = Object.entries<any>(document.paths)
      .filter(([, ops]) => Object.values<any>(ops).some((op) => op.security))
      .map(([path]) => path)
      .sort();
    expect(secured).toEqual(['/deliberate/observables', '/health', '/observe/observables']);
  });

  it('serves the Swagger UI as HTML, with its assets, without a token', async () => {
    const page = await request(`${relay.url}/docs`, { method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('swagger-ui');
    const css = await request(`${relay.url}/docs/swagger-ui.css`, { method: 'GET' });
    expect(css.status).toBe(200);
    const init = await request(`${relay.url}/docs/swagger-ui-init.js`, { method: 'GET' });
    expect(init.text).toContain('/observe/observables');
  });

  it.each(['/docs', '/docs-json'])('answers a wrong method on %s with 405', async (path) => {
    const res = await request(`${relay.url}${path}`, { body: [] });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});
