import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { rawUrlParts } from '../http/raw-url';
import { isChunkWritten } from '../http/chunked-body';
import { playOutcome } from '../http/sim-outcome';
import { FaultsService, outcomeOfRule } from './faults.service';
import { routeOf, StatsService } from './stats.service';

/** What the request hook needs. */
export interface SimHookDeps {
  stats: StatsService;
  faults: FaultsService;
  latencyMs: number;
}

const CONTROL_PREFIX = '/_sim';

const isControl = (path: string) =>
  path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);

/**
 * Runs before routing on every OTX and JWKS request: counts it, adds latency, then applies the
 * first matching fault rule. The control API is left alone so tests can always reach it. Once
 * an answer is out, counts its body bytes (chunk-written pages count their own as they go).
 */
export function registerSimHooks(fastify: FastifyInstance, deps: SimHookDeps): void {
  fastify.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const route = routeOf(rawUrlParts(request).path);
    if (route === undefined || isChunkWritten(reply.raw)) return;
    // 'finish' came: the whole body was handed to the socket.
    const length = Number(reply.getHeader('content-length'));
    if (Number.isFinite(length)) deps.stats.sent(route, length);
  });
  fastify.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const { path } = rawUrlParts(request);
    if (isControl(path)) return;
    deps.stats.record(path);
    const latency = deps.faults.latencyOverride() ?? deps.latencyMs;
    if (!(await waitWhileOpen(request, latency))) return reply.hijack();
    const rule = deps.faults.take(request.raw.url ?? request.url);
    if (!rule) return;
    if (!(await waitWhileOpen(request, rule.delayMs ?? 0))) return reply.hijack();
    const outcome = outcomeOfRule(rule);
    if (!outcome) return;
    playOutcome(reply, outcome);
    return reply;
  });
}

// Resolves true after `ms`, or false as soon as the client goes away (nothing left to answer).
function waitWhileOpen(request: FastifyRequest, ms: number): Promise<boolean> {
  if (ms <= 0) return Promise.resolve(true);
  const socket = request.raw.socket;
  return new Promise((resolve) => {
    const onClose = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      socket?.off('close', onClose);
      resolve(true);
    }, ms);
    socket?.once('close', onClose);
  });
}
