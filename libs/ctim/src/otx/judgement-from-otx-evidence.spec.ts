import fc from 'fast-check';
import { validateCtimBundle, validateCtimEntity } from '../schemas/validate-ctim';
import { OTX_UI } from './fixtures/best-pulse';
import {
  ACCEPTED_FALSE_POSITIVE,
  ALLOW_LISTED_NO_PULSES,
  CDN_HOST,
  GMAIL,
  GOOGLE_DNS_IN_NOISE,
  KNOWN_FALSE_POSITIVE,
  MALICIOUS_IP,
  MALICIOUS_IP_THREE_AUTHORS,
  NOTHING_KNOWN,
  PENDING_FALSE_POSITIVE,
  POPULAR_ONLY,
  PROLIFIC_AUTHOR,
  STALE_PULSES,
  VERDICT_NOW,
  type OtxGeneralAnswer,
} from './fixtures/otx-general-answers';
import {
  judgementFromOtxEvidence,
  otxJudgementAndVerdict,
  otxJudgementConfidence,
  otxJudgementSeverity,
} from './judgement-from-otx-evidence';
import { otxVerdictEvidence } from './otx-verdict';

const UUID = '0b9f3c2e-5d4a-4e6b-8f1a-2c3d4e5f6a7b';
const newUuid = () => UUID;
const now = VERDICT_NOW;

const evidenceOf = (general: OtxGeneralAnswer) => {
  const evidence = otxVerdictEvidence(general, { now });
  if (!evidence) throw new Error('expected evidence');
  return evidence;
};

describe(otxJudgementConfidence.name, () => {
  // The table of the function's JSDoc, case by case.
  it.each<[string, OtxGeneralAnswer, string]>([
    ['Clean, allow-listed', GOOGLE_DNS_IN_NOISE, 'High'],
    ['Clean, allow-listed without pulses', ALLOW_LISTED_NO_PULSES, 'High'],
    ['Clean, accepted false-positive assessment only', ACCEPTED_FALSE_POSITIVE, 'Medium'],
    ['Clean, OTX false_positive marker only', KNOWN_FALSE_POSITIVE, 'Medium'],
    ['Malicious, 3 authors (more than minAuthors)', MALICIOUS_IP_THREE_AUTHORS, 'High'],
    ['Malicious, exactly minAuthors', MALICIOUS_IP, 'Medium'],
    ['Malicious despite a pending FP report, 2 authors', PENDING_FALSE_POSITIVE, 'Medium'],
    ['Suspicious, capped by popularity', CDN_HOST, 'Medium'],
    ['Suspicious, one author', PROLIFIC_AUTHOR, 'Low'],
    ['Suspicious, stale', STALE_PULSES, 'Low'],
  ])('%s → %s', (_case, general, confidence) => {
    expect(otxJudgementConfidence(evidenceOf(general))).toBe(confidence);
  });

  it('rises to High only beyond a raised minAuthors', () => {
    const three = otxVerdictEvidence(MALICIOUS_IP_THREE_AUTHORS, { now, minAuthors: 3 })!;
    expect([three.disposition_name, otxJudgementConfidence(three)]).toStrictEqual([
      'Malicious',
      'Medium',
    ]);
  });
});

describe(otxJudgementSeverity.name, () => {
  it.each([
    [1, 'None'],
    [2, 'High'],
    [3, 'Medium'],
  ] as const)('disposition %i → %s', (disposition, severity) => {
    expect(otxJudgementSeverity(disposition)).toBe(severity);
  });
});

describe(judgementFromOtxEvidence.name, () => {
  const build = (general: OtxGeneralAnswer, observable: { type: string; value: string }) =>
    judgementFromOtxEvidence({
      observable,
      evidence: evidenceOf(general),
      now,
      newUuid,
      otxUiBaseUrl: OTX_UI,
    });

  it('builds the Judgement of docs/otx-api.md §5.1, field by field', () => {
    expect(build(MALICIOUS_IP, { type: 'ip', value: '203.0.113.77' })).toStrictEqual({
      type: 'judgement',
      id: `transient:judgement-${UUID}`,
      schema_version: '1.0.17',
      source: 'AlienVault OTX',
      source_uri: 'https://otx.alienvault.com/indicator/ip/203.0.113.77',
      observable: { type: 'ip', value: '203.0.113.77' },
      disposition: 2,
      disposition_name: 'Malicious',
      priority: 90,
      confidence: 'Medium',
      severity: 'High',
      valid_time: { start_time: '2024-02-01T12:00:00.000Z', end_time: '2024-02-08T12:00:00.000Z' },
      reason:
        'OTX: 2 pulses by 2 authors, latest modified 2024-01-19; 1 pulse modified within 365 ' +
        'days, at least 2 distinct authors; not allow-listed. Authors: example_researcher, ' +
        'honeynet_bot',
      reason_uri: 'https://otx.alienvault.com/indicator/ip/203.0.113.77',
      tlp: 'green',
    });
  });

  it.each<[string, OtxGeneralAnswer, { type: string; value: string }, Record<string, unknown>]>([
    [
      '8.8.8.8 in a noise pulse',
      GOOGLE_DNS_IN_NOISE,
      { type: 'ip', value: '8.8.8.8' },
      {
        disposition: 1,
        disposition_name: 'Clean',
        confidence: 'High',
        severity: 'None',
        tlp: 'green',
      },
    ],
    [
      'gmail.com',
      GMAIL,
      { type: 'domain', value: 'gmail.com' },
      {
        disposition: 1,
        confidence: 'High',
        severity: 'None',
        source_uri: 'https://otx.alienvault.com/indicator/domain/gmail.com',
        tlp: 'white',
      },
    ],
    [
      'a CDN host',
      CDN_HOST,
      { type: 'hostname', value: 'd1a2b3c4d5e6f7.cloudfront.net' },
      {
        disposition: 3,
        disposition_name: 'Suspicious',
        confidence: 'Medium',
        severity: 'Medium',
        source_uri: 'https://otx.alienvault.com/indicator/hostname/d1a2b3c4d5e6f7.cloudfront.net',
        tlp: 'amber',
      },
    ],
    [
      'one prolific author',
      PROLIFIC_AUTHOR,
      { type: 'ip', value: '203.0.113.9' },
      { disposition: 3, confidence: 'Low', severity: 'Medium', tlp: 'white' },
    ],
    [
      'stale pulses',
      STALE_PULSES,
      { type: 'ip', value: '198.51.100.23' },
      { disposition: 3, confidence: 'Low', severity: 'Medium' },
    ],
    [
      'an accepted false positive',
      ACCEPTED_FALSE_POSITIVE,
      { type: 'domain', value: 'updates.example-vendor.com' },
      { disposition: 1, confidence: 'Medium', severity: 'None' },
    ],
    [
      'a plain malicious IP, 3 authors',
      MALICIOUS_IP_THREE_AUTHORS,
      { type: 'ip', value: '198.51.100.77' },
      { disposition: 2, confidence: 'High', severity: 'High', tlp: 'amber' },
    ],
  ])('%s, valid CTIM', (_case, general, observable, expected) => {
    const judgement = build(general, observable);
    expect(judgement).toMatchObject({ priority: 90, observable, ...expected });
    expect(validateCtimEntity(judgement)).toStrictEqual({ valid: true, errors: [] });
  });

  it('leaves tlp out when no pulse is listed', () => {
    const judgement = build(ALLOW_LISTED_NO_PULSES, { type: 'domain', value: 'example.org' });
    expect(judgement).not.toHaveProperty('tlp');
    expect(validateCtimEntity(judgement).errors).toStrictEqual([]);
  });

  it('leaves the OTX page out for a type OTX has no page for, and for an over-long one', () => {
    const device = build(MALICIOUS_IP, { type: 'device', value: 'laptop-7' });
    expect(device).not.toHaveProperty('source_uri');
    expect(device).not.toHaveProperty('reason_uri');
    const long = build(MALICIOUS_IP, {
      type: 'url',
      value: `http://a.example/${'x'.repeat(2100)}`,
    });
    expect(long).not.toHaveProperty('source_uri');
    expect(validateCtimEntity(long).errors).toStrictEqual([]);
  });

  it.each([
    [undefined, '2024-02-08T12:00:00.000Z'],
    [1, '2024-02-02T12:00:00.000Z'],
    [30, '2024-03-02T12:00:00.000Z'],
    [0, '2024-02-08T12:00:00.000Z'],
    [2.5, '2024-02-08T12:00:00.000Z'],
  ])('ends valid_time ttlDays %p after now', (ttlDays, end) => {
    const judgement = judgementFromOtxEvidence({
      observable: { type: 'ip', value: '203.0.113.77' },
      evidence: evidenceOf(MALICIOUS_IP),
      now,
      newUuid,
      otxUiBaseUrl: OTX_UI,
      ttlDays,
    });
    expect(judgement?.valid_time).toStrictEqual({
      start_time: '2024-02-01T12:00:00.000Z',
      end_time: end,
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['the observable is not CTIM', { observable: { type: 'ipv4', value: '1.2.3.4' } }],
    ['the observable has no value', { observable: { type: 'ip' } }],
    ['now is not a number', { now: NaN }],
    ['now is before 1970', { now: -1 }],
    ['the end would pass year 9999', { now: Date.parse('9999-12-30T00:00:00Z') }],
  ])('is null, drawing no uuid, when %s', (_case, change) => {
    const draw = jest.fn(newUuid);
    const judgement = judgementFromOtxEvidence({
      observable: { type: 'ip', value: '203.0.113.77' },
      evidence: evidenceOf(MALICIOUS_IP),
      now,
      newUuid: draw,
      otxUiBaseUrl: OTX_UI,
      ...change,
    });
    expect(judgement).toBeNull();
    expect(draw).not.toHaveBeenCalled();
  });
});

describe(otxJudgementAndVerdict.name, () => {
  const run = (general: unknown, observable = { type: 'ip', value: '203.0.113.77' }) =>
    otxJudgementAndVerdict({
      observable,
      general: general as OtxGeneralAnswer,
      now,
      newUuid,
      otxUiBaseUrl: OTX_UI,
    });

  it('gives the Judgement and a Verdict that names it, sharing its valid_time', () => {
    const both = run(MALICIOUS_IP);
    expect(both?.verdict).toStrictEqual({
      type: 'verdict',
      disposition: 2,
      disposition_name: 'Malicious',
      observable: { type: 'ip', value: '203.0.113.77' },
      judgement_id: `transient:judgement-${UUID}`,
      valid_time: { start_time: '2024-02-01T12:00:00.000Z', end_time: '2024-02-08T12:00:00.000Z' },
    });
    expect(both?.judgement.id).toBe(both?.verdict.judgement_id);
  });

  it('passes minAuthors, recentDays and ttlDays on', () => {
    const both = otxJudgementAndVerdict({
      observable: { type: 'ip', value: '198.51.100.23' },
      general: STALE_PULSES,
      now,
      newUuid,
      otxUiBaseUrl: OTX_UI,
      minAuthors: 2,
      recentDays: 800,
      ttlDays: 1,
    });
    expect(both?.verdict).toMatchObject({
      disposition_name: 'Malicious',
      valid_time: { end_time: '2024-02-02T12:00:00.000Z' },
    });
  });

  it.each<[string, unknown]>([
    ['nothing is known', NOTHING_KNOWN],
    ['only popularity is known', POPULAR_ONLY],
    ['the answer is not an object', 'oops'],
  ])('is null when %s', (_case, general) => {
    expect(run(general)).toBeNull();
  });

  it('gives a bundle of every trap that validates, Judgements beside their Verdicts', () => {
    const cases: [OtxGeneralAnswer, string, string][] = [
      [MALICIOUS_IP, 'ip', '203.0.113.77'],
      [MALICIOUS_IP_THREE_AUTHORS, 'ip', '198.51.100.77'],
      [GOOGLE_DNS_IN_NOISE, 'ip', '8.8.8.8'],
      [GMAIL, 'domain', 'gmail.com'],
      [CDN_HOST, 'hostname', 'd1a2b3c4d5e6f7.cloudfront.net'],
      [PROLIFIC_AUTHOR, 'ip', '203.0.113.9'],
      [STALE_PULSES, 'ip', '198.51.100.23'],
      [ACCEPTED_FALSE_POSITIVE, 'domain', 'updates.example-vendor.com'],
      [KNOWN_FALSE_POSITIVE, 'domain', 'telemetry.example-vendor.com'],
      [PENDING_FALSE_POSITIVE, 'domain', 'cdn.example-vendor.com'],
      [ALLOW_LISTED_NO_PULSES, 'domain', 'example.org'],
    ];
    let n = 0;
    const pairs = cases.map(([general, type, value]) =>
      otxJudgementAndVerdict({
        observable: { type, value },
        general,
        now,
        newUuid: () => `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
        otxUiBaseUrl: OTX_UI,
      }),
    );
    const judgements = pairs.map((p) => p!.judgement);
    const verdicts = pairs.map((p) => p!.verdict);
    expect(verdicts.map((v) => v.disposition_name)).toStrictEqual([
      'Malicious',
      'Malicious',
      'Clean',
      'Clean',
      'Suspicious',
      'Suspicious',
      'Suspicious',
      'Clean',
      'Clean',
      'Malicious',
      'Clean',
    ]);
    const bundle = {
      judgements: { count: judgements.length, docs: judgements },
      verdicts: { count: verdicts.length, docs: verdicts },
    };
    expect(validateCtimBundle(bundle)).toStrictEqual({ valid: true, errors: [] });
    expect(validateCtimBundle({ verdicts: bundle.verdicts }).errors).toStrictEqual([]);
  });

  it('validates for any observable value and any now within CTIM times', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'ip',
          'ipv6',
          'domain',
          'hostname',
          'url',
          'md5',
          'sha1',
          'sha256',
          'email',
          'user',
        ),
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.integer({ min: 0, max: Date.parse('9999-01-01T00:00:00Z') }),
        (type, value, at) => {
          const both = otxJudgementAndVerdict({
            observable: { type, value },
            general: MALICIOUS_IP,
            now: at,
            newUuid,
            otxUiBaseUrl: OTX_UI,
          });
          expect(validateCtimEntity(both?.judgement).errors).toStrictEqual([]);
          expect(validateCtimEntity(both?.verdict).errors).toStrictEqual([]);
        },
      ),
    );
  });
});
