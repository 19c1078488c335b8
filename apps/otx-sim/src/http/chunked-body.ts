import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/** How a body goes out: `chunkBytes` at a time, `delayMs` between chunks. */
export interface ChunkPacing {
  chunkBytes: number;
  delayMs: number;
}

// Answers written here count their own bytes: the `onResponse` count leaves them out.
const chunkWritten = new WeakSet<ServerResponse>();

/** Whether {@link sendChunked} wrote this answer. */
export function isChunkWritten(response: ServerResponse): boolean {
  return chunkWritten.has(response);
}

/**
 * Answers 200 with `body` (JSON), written to the socket one chunk at a time: the next chunk
 * waits until the socket takes the last one (backpressure) and then `delayMs`. `onAccepted`
 * gets each chunk's size once the socket has taken it (handed it to the kernel); when the
 * client goes away the rest is neither written nor counted, so the total says how much of the
 * body a client that stopped early was sent. Resolves when the body is written or abandoned.
 */
export async function sendChunked(
  reply: FastifyReply,
  body: Buffer,
  pacing: ChunkPacing,
  onAccepted: (bytes: number) => void,
): Promise<void> {
  reply.hijack();
  const response = reply.raw;
  chunkWritten.add(response);
  let gone = false;
  let wake: () => void = () => undefined;
  const onClose = () => {
    gone = true;
    wake();
  };
  response.once('close', onClose);
  // Waits for `event` on the response, at most `ms` when given; the client leaving ends it too.
  const wait = (event: 'drain' | undefined, ms?: number) =>
    new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        if (event) response.off(event, done);
        wake = () => undefined;
        resolve();
      }
      if (event) response.once(event, done);
      wake = done;
    });
  // The headers set on the reply so far (the guard's) go out with ours.
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) response.setHeader(name, value);
  }
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  for (let at = 0; at < body.length && !gone; at += pacing.chunkBytes) {
    const chunk = body.subarray(at, at + pacing.chunkBytes);
    const taken = response.write(chunk, (error) => {
      if (!error) onAccepted(chunk.length);
    });
    if (!taken && !gone) await wait('drain');
    const last = at + pacing.chunkBytes >= body.length;
    if (pacing.delayMs > 0 && !last && !gone) await wait(undefined, pacing.delayMs);
  }
  if (!gone) response.end();
}
