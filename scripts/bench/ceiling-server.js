'use strict';
// The machine's ceiling for /refer/observables: plain Fastify answering every POST with the
// relay's own /refer answer, with no validation, auth, logging or metrics. The bench loads it
// exactly as it loads the relay, so the relay's figure can be read as a share of what this
// machine and this load generator allow at all.
const fastify = require('fastify')({ logger: false });

const answer = JSON.parse(process.env.CEILING_ANSWER ?? '{}');
fastify.get('/ready', async () => ({ ready: true }));
fastify.post('/refer/observables', async () => answer);
fastify.listen({ host: '127.0.0.1', port: Number(process.env.PORT) }).catch((error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
