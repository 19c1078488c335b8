import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['apps/relay/src', 'libs'];

/** Warns when a relay or library source is newer than the build the bench will measure. */
export function warnIfStale(script: string): void {
  const built = statSync(script).mtimeMs;
  const newer = SOURCES.flatMap((dir) => sourcesUnder(dir)).filter((f) => f.mtimeMs > built);
  if (newer.length === 0) return;
  process.stderr.write(
    `bench: warning: ${newer.length} source files are newer than ${script} ` +
      `(e.g. ${newer[0].path}); run with --build to measure them\n`,
  );
}

function sourcesUnder(dir: string): { path: string; mtimeMs: number }[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    const isSource = entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts');
    return isSource ? [{ path, mtimeMs: statSync(path).mtimeMs }] : [];
  });
}
