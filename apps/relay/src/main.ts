import { runRelay } from './relay.server';
import { startFailureLine } from './start-up-messages';

// The relay with AlienVault OTX as its intel provider. A team adding its own providers passes
// them here: runRelay({ intel: { imports: [...], providers: [...] } }) (docs/extending.md).
runRelay().catch((error: unknown) => {
  // A bad setting or a busy port: the reason is all an operator needs, not a stack trace.
  process.stderr.write(`${startFailureLine(error)}\n`);
  process.exit(1);
});
