import { Logger } from '@nestjs/common';
import { mintToken, parseMintTokenArgs } from './cli/mint-token';
import { createOtxSimApp } from './otx-sim.app';
import { readSimEnv } from './sim-env';

async function serve(): Promise<void> {
  const config = readSimEnv(process.env);
  const app = await createOtxSimApp({ ...config.options, logger: true });
  // SIGTERM/SIGINT close the app (hung requests included) and exit 0, as a container expects.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await app.listen(config.port, config.host);
  Logger.log(`otx-sim listening on ${await app.getUrl()}`, 'Bootstrap');
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'mint-token') {
    process.stdout.write(`${await mintToken(parseMintTokenArgs(argv.slice(1)))}\n`);
    return;
  }
  await serve();
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`otx-sim: ${message}\n`);
  process.exit(1);
});
