'use strict';
// The floor of a Nest route: Nest 12 on the same Fastify, one POST /refer/observables handler
// answering the relay's own /refer answer, with no guard, pipe, validation, logging or metrics.
require('reflect-metadata');
const { Body, Controller, Get, Module, Post } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');

const answer = JSON.parse(process.env.CEILING_ANSWER ?? '{}');

// Decorators applied by hand: this file runs as plain JavaScript.
class FloorController {
  ready() {
    return { ready: true };
  }
  refer(_body) {
    return answer;
  }
}
const method = (name) => Object.getOwnPropertyDescriptor(FloorController.prototype, name);
Controller()(FloorController);
Get('ready')(FloorController.prototype, 'ready', method('ready'));
Post('refer/observables')(FloorController.prototype, 'refer', method('refer'));
Body()(FloorController.prototype, 'refer', 0);
class FloorModule {}
Module({ controllers: [FloorController] })(FloorModule);

NestFactory.create(FloorModule, new FastifyAdapter(), { logger: false })
  .then((app) => app.listen(Number(process.env.PORT), '127.0.0.1'))
  .catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
