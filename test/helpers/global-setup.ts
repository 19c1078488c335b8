import { externalTargetNotice } from './external';

/** Jest global setup of the e2e suite: says what an external target must be, once per run. */
export default function globalSetup(): void {
  const notice = externalTargetNotice();
  if (notice) process.stdout.write(`\n${notice}\n`);
}
