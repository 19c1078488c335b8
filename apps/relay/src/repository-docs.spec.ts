import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The repository's documentation: README, docs/, and each app's and lib's README. */
function docFiles(): string[] {
  const inDir = (dir: string, pick: (name: string) => boolean) =>
    readdirSync(join(ROOT, dir))
      .filter(pick)
      .map((name) => join(dir, name));
  const readmes = ['apps', 'libs'].flatMap((dir) =>
    inDir(dir, () => true)
      .map((sub) => join(sub, 'README.md'))
      .filter((file) => existsSync(join(ROOT, file))),
  );
  return ['README.md', ...inDir('docs', (name) => name.endsWith('.md')), ...readmes];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');

const headings = (text: string, level: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith(`${level} `))
    .map((line) => line.slice(level.length + 1));

describe('repository documentation', () => {
  const files = docFiles();

  it('finds the documents (a check of the lookup itself)', () => {
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'docs/deploy.md', 'apps/otx-sim/README.md']),
    );
  });

  it('lists every section of the README in its Contents, in order', () => {
    const readme = read('README.md');
    const start = readme.indexOf('## Contents\n');
    expect(start).toBeGreaterThan(0);
    const sections = headings(readme.slice(start), '##').slice(1);
    const contents = readme.slice(start, readme.indexOf('\n## ', start));
    const listed = [...contents.matchAll(/^- \[(.+)\]\(#(.+)\)$/gm)].map((m) => [m[1], m[2]]);
    expect(listed).toEqual(sections.map((heading) => [heading, anchorOf(heading)]));
  });

  it('refers to no file outside the repository', () => {
    const outside = /\.\.\/shared|shared\/docs|relay-contract|style-anchors/;
    // Elsewhere, "contract §N" and "otx-api §N" must name the file in docs/, e.g.
    // `docs/contract.md` §9, `docs/otx-api.md` §3.4 (each document may cite itself).
    const bareCitation = /\bcontract §|\botx-api(\.md)? §/;
    const found = files.flatMap((file) =>
      read(file)
        .split('\n')
        .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
        .filter(({ line }) => {
          const cited = line.replace(/docs\/(contract|otx-api)\.md`?\)? §/g, '');
          const itself = file === 'docs/contract.md' || file === 'docs/otx-api.md';
          return outside.test(cited) || (!itself && bareCitation.test(cited));
        }),
    );
    expect(found).toEqual([]);
  });

  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const [, target] of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?|mailto):/.test(target)) continue;
        const [path, anchor] = target.split('#');
        const resolved = path === '' ? file : relative(ROOT, join(ROOT, dirname(file), path));
        if (!existsSync(join(ROOT, resolved))) broken.push(`${file}: ${target} (no such file)`);
        else if (anchor && resolved.endsWith('.md')) {
          const text = read(resolved);
          const anchors = ['#', '##', '###', '####'].flatMap((l) =>
            headings(text, l).map(anchorOf),
          );
          if (!anchors.includes(anchor)) broken.push(`${file}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});
