import { HttpService } from '@nestjs/axios';
import { Logger } from '@nestjs/common';
import {
  createServer as createHttpServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { OtxClient } from '../otx.client';
import { OtxClock } from '../otx-clock';
import { OtxModuleOptions } from '../otx.types';
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from './tls-fixture';

/** What the fake OTX saw of one request. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

export type FakeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP(S) server on 127.0.0.1:0 that records requests and tracks concurrency. */
export class FakeOtxServer {
  readonly requests: RecordedRequest[] = [];
  maxInFlight = 0;
  /** TCP connections accepted (fewer than requests when the client keeps sockets alive). */
  connections = 0;
  handler: FakeHandler = (_req, res) => sendJson(res, 200, {});
  private inFlight = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly scheme: 'http' | 'https',
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res));
    server.on('connection', (socket: Socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(tls = false): Promise<FakeOtxServer> {
    const server = tls
      ? createHttpsServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT })
      : createHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeOtxServer(server, tls ? 'https' : 'http');
  }

  get baseUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `${this.scheme}://127.0.0.1:${port}`;
  }

  /** Calls `listener` when any client connection closes. */
  onConnectionClosed(listener: () => void): void {
    for (const socket of this.sockets) socket.once('close', () => listener());
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    this.handler(req, res);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

/** The relay's defaults, pointed at `baseUrl`. */
export function testOptions(baseUrl: string, overrides: Partial<OtxModuleOptions> = {}) {
  return {
    baseUrl,
    timeoutMs: 2000,
    maxPages: 10,
    concurrency: 16,
    pageSize: 10000,
    userAgent: 'SecureX Threat Response Integrations <tr-integrations-support@cisco.com>',
    ...overrides,
  } satisfies OtxModuleOptions;
}

/** A client on `baseUrl`, on the real clock unless one is given. */
export function testClient(
  baseUrl: string,
  overrides: Partial<OtxModuleOptions> = {},
  clock?: OtxClock,
) {
  return new OtxClient(new HttpService(), testOptions(baseUrl, overrides), clock);
}

/** Silences the client's logger and records what it would have logged. */
export function captureDebugLogs(): jest.SpyInstance {
  return jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined);
}

/**
 * Starts a fresh FakeOtxServer before each test of the enclosing `describe` (debug logs
 * captured) and closes it after, restoring mocks; `onStart` receives each server and the spy
 * holding the debug lines logged during the test.
 * @example let otx: FakeOtxServer; useFakeOtxServer((server) => (otx = server));
 */
export function useFakeOtxServer(
  onStart: (server: FakeOtxServer, debugLogs: jest.SpyInstance) => void,
): void {
  let server: FakeOtxServer | undefined;
  beforeEach(async () => {
    const logs = captureDebugLogs();
    server = await FakeOtxServer.start();
    onStart(server, logs);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await server?.close();
  });
}
