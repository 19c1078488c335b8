import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ctim from './index';

describe('@app/ctim barrel', () => {
  it('exports exactly the agreed runtime names', () => {
    expect(Object.keys(ctim).sort()).toStrictEqual(
      [
        'CTIM_DISPOSITIONS',
        'CTIM_LIMITS',
        'CTIM_OBSERVABLE_TYPES',
        'CTIM_SCHEMAS',
        'CTIM_TLPS',
        'OTX_JUDGEMENT_PRIORITY',
        'OTX_JUDGEMENT_TTL_DAYS',
        'OTX_OBSERVABLE_META',
        'OTX_SOURCE',
        'OTX_VERDICT_DEFAULTS',
        'SCHEMA_VERSION',
        'buildOtxBundle',
        'dispositionName',
        'indicatorFromOtxMatch',
        'indicatorIdForPulse',
        'isCtimObservableType',
        'isEmptyBundle',
        'isOtxObservableType',
        'isTlpWithin',
        'judgementFromOtxEvidence',
        'memberOfRelationship',
        'mergeBundles',
        'mergeIndicators',
        'mostRestrictiveTlp',
        'normaliseTlp',
        'otxGeneralWithinTlp',
        'otxJudgementAndVerdict',
        'otxJudgementConfidence',
        'otxJudgementSeverity',
        'otxTimeToCtim',
        'otxVerdictEvidence',
        'otxVerdictReason',
        'policyTlpOfPulse',
        'referenceFromObservable',
        'selectVerdicts',
        'sightingFromOtxMatch',
        'splitPulsesByTlp',
        'TRUNCATION_MARK',
        'toCtimObservable',
        'transientId',
        'truncateCtimString',
        'validateCtimBundle',
        'validateCtimEntity',
        'validateReference',
        'verdictFromJudgement',
      ].sort(),
    );
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('purity', () => {
  const files = sourceFiles(__dirname);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  // The library must stay deterministic and free of app and framework code.
  it.each([
    'process.env',
    'Date.now(',
    'new Date()',
    'Math.random(',
    'randomUUID(',
    "from '@app/",
    "from '@nestjs/",
    "from 'node:",
  ])('no source file uses %s', (needle) => {
    const offenders = files.filter((f) => readFileSync(f, 'utf8').includes(needle));
    expect(offenders).toStrictEqual([]);
  });

  it('imports nothing from uuid but v5', () => {
    const imports = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/import (.*) from 'uuid'/g)].map((m) => m[1]),
    );
    expect(imports).toStrictEqual(['{ v5 as uuidv5 }']);
  });
});
