import { ArgumentsHost, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RelayExceptionFilter } from './relay-exception.filter';
import { relayErrors } from './relay-errors';
import { RelayException } from './relay.exception';

describe(RelayExceptionFilter.name, () => {
  const reply = jest.fn();
  const filter = new RelayExceptionFilter(
    { httpAdapter: { reply } } as unknown as HttpAdapterHost,
    { bodyLimitBytes: 1024, requestDeadlineMs: 5000 },
  );
  const host = (id: string) =>
    ({
      switchToHttp: () => ({
        getRequest: () => ({ id, method: 'POST', url: '/observe/observables' }),
        getResponse: () => ({}),
      }),
    }) as unknown as ArgumentsHost;
  let error: jest.SpyInstance;
  beforeEach(() => {
    reply.mockClear();
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => error.mockRestore());

  it("answers a bug as a bare oops and logs it with the request's id (contract §13.1)", () => {
    filter.catch(new TypeError('a bug'), host('req-81'));
    expect(reply).toHaveBeenCalledWith(
      {},
      { errors: [{ code: 'oops', message: 'Something went wrong.', type: 'fatal' }] },
      200,
    );
    expect(error.mock.calls.map((call: unknown[]) => call[0])).toEqual([
      {
        requestId: 'req-81',
        msg: expect.stringMatching(/^Unexpected error on POST \/observe\/observables: TypeError/),
      },
    ]);
  });

  it('logs nothing for an error the relay meant to answer', () => {
    filter.catch(new RelayException(relayErrors.healthCheck()), host('req-82'));
    expect(reply).toHaveBeenCalledWith({}, { errors: [relayErrors.healthCheck()] }, 200);
    expect(error).not.toHaveBeenCalled();
  });
});
