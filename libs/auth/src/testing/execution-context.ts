import { ExecutionContext, Type } from '@nestjs/common';

/** A minimal HTTP ExecutionContext for calling a guard by hand. */
export function httpContext(
  controller: Type,
  handlerName: string,
  request: object,
): ExecutionContext {
  const handler = (controller.prototype as Record<string, unknown>)[handlerName];
  if (typeof handler !== 'function') throw new Error(`no handler ${handlerName}`);
  const http = { getRequest: () => request, getResponse: () => ({}), getNext: () => () => {} };
  return {
    getType: () => 'http',
    getClass: () => controller,
    getHandler: () => handler,
    getArgs: () => [request, {}],
    getArgByIndex: (i: number) => [request, {}][i],
    switchToHttp: () => http,
    switchToRpc: () => {
      throw new Error('not rpc');
    },
    switchToWs: () => {
      throw new Error('not ws');
    },
  } as unknown as ExecutionContext;
}
