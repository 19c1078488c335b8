import { getMetadataStorage } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvDto } from './env.dto';

const ROOT = join(__dirname, '../../../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Every variable the relay reads, as class-validator knows them. */
function relayVariables(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(EnvDto, '', false, false);
  return [...new Set(metadata.map((m) => m.propertyName))].sort();
}

describe('settings documentation', () => {
  const variables = relayVariables();

  it('knows the variables (a sanity check of the lookup itself)', () => {
    expect(variables).toEqual(expect.arrayContaining(['PORT', 'OTX_RATE_PER_MINUTE']));
    expect(variables.length).toBeGreaterThan(20);
  });

  it('has a README row for every variable', () => {
    const readme = read('README.md');
    const missing = variables.filter((v) => !readme.includes(`| \`${v}\` |`));
    expect(missing).toEqual([]);
  });

  it('names every variable in .env.example', () => {
    const example = read('.env.example');
    const missing = variables.filter((v) => !new RegExp(`^#? ?${v}=`, 'm').test(example));
    expect(missing).toEqual([]);
  });

  it("gives every variable's default in the README as the relay has it", () => {
    const readme = read('README.md');
    const defaults = new EnvDto() as unknown as Record<string, unknown>;
    const wrong = variables
      .filter((v) => defaults[v] !== undefined)
      .map((v) => [v, `\`${String(defaults[v])}\``, readme.match(rowDefault(v))?.[1]])
      .filter(([, expected, documented]) => expected !== documented);
    expect(wrong).toEqual([]);
  });
});

/** The Default column of a variable's README row. */
const rowDefault = (variable: string) => new RegExp(`^\\| \`${variable}\` \\| ([^|]+?) \\|`, 'm');
