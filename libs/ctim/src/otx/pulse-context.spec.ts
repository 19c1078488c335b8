import fc from 'fast-check';
import type { Indicator, Sighting } from '../ctim.types';
import { validateCtimBundle, validateCtimEntity } from '../schemas/validate-ctim';
import { buildOtxBundle } from './build-otx-bundle';
import { OTX_UI } from './fixtures/best-pulse';
import { anyPulse, hugeText } from './fixtures/otx-arbitraries';
import { MALICIOUS_IP, MALICIOUS_IP_THREE_AUTHORS } from './fixtures/otx-general-answers';
import { indicatorFromOtxMatch } from './from-otx-match-to-indicator';
import { sightingFromOtxMatch } from './from-otx-match-to-sighting';
import type { OtxPulseInput } from './otx-input.types';
import {
  attackTechniqueReference,
  pulseContextTags,
  pulseExternalReferences,
  pulseSightingData,
} from './pulse-context';

// The QakBot pulse summary of docs/otx-api.md §5.1, as `general` gives it.
const QAKBOT = MALICIOUS_IP.pulse_info!.pulses![0];
// A feed pulse (docs/otx-api.md §4.2): lower-case tlp, author_name, plain string lists.
const FEED_PULSE = {
  id: '65a1f0c2e4b0a1d2c3f4a5b6',
  name: 'QakBot C2 servers - week 3',
  tlp: 'amber',
  author_name: 'example_researcher',
  created: '2024-01-18T22:05:47.090000',
  modified: '2024-01-19T08:41:12.517000',
  references: ['https://blog.example.net/qakbot-week3', 'Internal sandbox run 2023-10-02'],
  attack_ids: ['T1071', 'T1055.012', 'TA0011'],
  malware_families: ['WHIRLPOOL'],
  industries: ['Government'],
  targeted_countries: [],
  adversary: 'APT28',
} as OtxPulseInput;

const match = { indicator: '203.0.113.77', created: '2024-01-18T22:05:49' };

describe(attackTechniqueReference.name, () => {
  it.each<[unknown, Record<string, string> | null]>([
    [
      {
        id: 'T1071',
        name: 'Application Layer Protocol',
        display_name: 'T1071 - Application Layer Protocol',
      },
      {
        source_name: 'mitre-attack',
        external_id: 'T1071',
        url: 'https://attack.mitre.org/techniques/T1071/',
        description: 'Application Layer Protocol',
      },
    ],
    [
      'T1055.012',
      {
        source_name: 'mitre-attack',
        external_id: 'T1055.012',
        url: 'https://attack.mitre.org/techniques/T1055/012/',
      },
    ],
    [
      ' t1140 ',
      {
        source_name: 'mitre-attack',
        external_id: 'T1140',
        url: 'https://attack.mitre.org/techniques/T1140/',
      },
    ],
    [
      { id: null, display_name: 'T1566.001 - Spearphishing Attachment' },
      {
        source_name: 'mitre-attack',
        external_id: 'T1566.001',
        url: 'https://attack.mitre.org/techniques/T1566/001/',
      },
    ],
    ['TA0011', null],
    ['T10711', null],
    ['T1071.1', null],
    ['Application Layer Protocol', null],
    [{ name: 'no id' }, null],
    [null, null],
    [42, null],
  ])('%j → %j', (entry, expected) => {
    expect(attackTechniqueReference(entry)).toStrictEqual(expected);
  });
});

describe(pulseExternalReferences.name, () => {
  it('maps a general summary: URL references, then ATT&CK techniques', () => {
    expect(pulseExternalReferences(QAKBOT)).toStrictEqual([
      { source_name: 'AlienVault OTX', url: 'https://blog.example.net/qakbot-week3' },
      {
        source_name: 'mitre-attack',
        external_id: 'T1071',
        url: 'https://attack.mitre.org/techniques/T1071/',
        description: 'Application Layer Protocol',
      },
    ]);
  });

  it('puts free text in description and keeps only valid http(s) URIs in url', () => {
    const refs = pulseExternalReferences({
      id: 'p',
      references: [
        'Internal sandbox run 2023-10-02',
        'https://a.example/ok',
        'https://a.example/has space',
        'blog.example.net/no-scheme',
        'ftp://files.example/x',
        `https://a.example/${'x'.repeat(2100)}`,
        '',
        '   ',
        'https://a.example/ok',
        7,
        null,
      ] as never,
    });
    expect(refs).toStrictEqual([
      { source_name: 'AlienVault OTX', description: 'Internal sandbox run 2023-10-02' },
      { source_name: 'AlienVault OTX', url: 'https://a.example/ok' },
      { source_name: 'AlienVault OTX', description: 'https://a.example/has space' },
      { source_name: 'AlienVault OTX', description: 'blog.example.net/no-scheme' },
      { source_name: 'AlienVault OTX', description: 'ftp://files.example/x' },
      { source_name: 'AlienVault OTX', description: `https://a.example/${'x'.repeat(2100)}` },
    ]);
  });

  it('reads feed pulses (plain ATT&CK ids) and lists each technique once', () => {
    const refs = pulseExternalReferences({
      ...FEED_PULSE,
      attack_ids: ['T1071', 'T1071', 'TA0011', 'T1055.012'],
    });
    expect(refs.map((r) => r.external_id ?? r.description ?? r.url)).toStrictEqual([
      'https://blog.example.net/qakbot-week3',
      'Internal sandbox run 2023-10-02',
      'T1071',
      'T1055.012',
    ]);
  });

  it.each<unknown>([{ id: 'p' }, { id: 'p', references: 'x', attack_ids: {} }, null])(
    'is [] for %j',
    (pulse) => {
      expect(pulseExternalReferences(pulse as OtxPulseInput)).toStrictEqual([]);
    },
  );
});

describe(pulseContextTags.name, () => {
  it('prefixes malware families, adversary, industries and targeted countries', () => {
    expect(pulseContextTags(QAKBOT, QAKBOT.tags ?? [])).toStrictEqual([
      'malware_family:QakBot',
      'industry:Finance',
      'targeted_country:United States of America',
      'targeted_country:Germany',
    ]);
    expect(pulseContextTags(FEED_PULSE)).toStrictEqual([
      'malware_family:WHIRLPOOL',
      'adversary:APT28',
      'industry:Government',
    ]);
  });

  it('de-duplicates, skips blanks and tags the pulse already has, and cuts to 1024', () => {
    const tags = pulseContextTags(
      {
        id: 'p',
        malware_families: [
          { id: 'Trojan:Win32/SmokeLoader', display_name: '', target: null },
          'SmokeLoader',
          'SmokeLoader',
          { display_name: ' ' },
          7,
        ],
        adversary: '',
        industries: ['Finance', 'Finance', null],
        targeted_countries: ['x'.repeat(2000)],
      } as never,
      ['industry:Finance'],
    );
    expect(tags).toStrictEqual([
      'malware_family:Trojan:Win32/SmokeLoader',
      'malware_family:SmokeLoader',
      `targeted_country:${'x'.repeat(1024 - 18)}…`,
    ]);
    expect(tags[2]).toHaveLength(1024);
  });
});

describe(pulseSightingData.name, () => {
  it("tabulates the summary's author, TLP, times and subscribers", () => {
    expect(pulseSightingData(QAKBOT)).toStrictEqual({
      columns: [
        { name: 'author', type: 'string' },
        { name: 'tlp', type: 'string' },
        { name: 'created', type: 'string' },
        { name: 'modified', type: 'string' },
        { name: 'subscriber_count', type: 'integer' },
      ],
      rows: [
        ['example_researcher', 'white', '2024-01-18T22:05:47.090Z', '2024-01-19T08:41:12.517Z', 57],
      ],
      row_count: 1,
    });
  });

  it('leaves out the columns it has no readable value for', () => {
    expect(pulseSightingData(FEED_PULSE)?.columns.map((c) => c.name)).toStrictEqual([
      'author',
      'tlp',
      'created',
      'modified',
    ]);
    const odd = { id: 'p', TLP: 'purple', created: 'soon', subscriber_count: -1 } as OtxPulseInput;
    expect(pulseSightingData(odd)).toBeNull();
    expect(pulseSightingData({ id: 'p', subscriber_count: 2.5 })).toBeNull();
    expect(pulseSightingData({ id: 'p', subscriber_count: 0 })?.rows).toStrictEqual([[0]]);
  });
});

describe('the mappers with pulseContext', () => {
  const indicator = (pulse: OtxPulseInput, pulseContext?: boolean) =>
    indicatorFromOtxMatch({ pulse, match, otxUiBaseUrl: OTX_UI, pulseContext }) as Indicator;
  const sighting = (pulse: OtxPulseInput, pulseContext?: boolean) =>
    sightingFromOtxMatch({
      observable: { type: 'ip', value: '203.0.113.77' },
      pulse,
      match,
      id: 'transient:sighting-1',
      otxUiBaseUrl: OTX_UI,
      pulseContext,
    }) as Sighting;

  it('adds references, techniques and context tags to the Indicator, valid CTIM', () => {
    const ind = indicator(QAKBOT, true);
    expect(ind.tags).toStrictEqual([
      'qakbot',
      'c2',
      'botnet',
      'malware_family:QakBot',
      'industry:Finance',
      'targeted_country:United States of America',
      'targeted_country:Germany',
    ]);
    expect(ind.external_references).toStrictEqual(pulseExternalReferences(QAKBOT));
    expect(validateCtimEntity(ind)).toStrictEqual({ valid: true, errors: [] });
  });

  it('adds the data table to the Sighting, valid CTIM', () => {
    const s = sighting(QAKBOT, true);
    expect(s.data).toStrictEqual(pulseSightingData(QAKBOT));
    expect(validateCtimEntity(s)).toStrictEqual({ valid: true, errors: [] });
  });

  it('adds nothing without it (contract §7.1, §7.2), and no empty keys with it', () => {
    expect(indicator(QAKBOT)).not.toHaveProperty('external_references');
    expect(indicator(QAKBOT).tags).toStrictEqual(['qakbot', 'c2', 'botnet']);
    expect(sighting(QAKBOT)).not.toHaveProperty('data');
    const bare = { id: 'p1' };
    expect(indicator(bare, true)).not.toHaveProperty('external_references');
    expect(sighting(bare, true)).not.toHaveProperty('data');
  });

  it('passes through buildOtxBundle, whose bundle validates', () => {
    const pulses = MALICIOUS_IP_THREE_AUTHORS.pulse_info!.pulses!;
    let n = 0;
    const bundle = buildOtxBundle(
      [...pulses, QAKBOT, FEED_PULSE].map((pulse) => ({
        observable: { type: 'ip', value: '203.0.113.77' },
        pulse,
        match,
      })),
      {
        newUuid: () => `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
        otxUiBaseUrl: OTX_UI,
        pulseContext: true,
      },
    );
    expect(bundle.sightings?.docs.every((s) => s.data !== undefined)).toBe(true);
    expect(
      bundle.indicators?.docs.map((i) => i.tags.filter((t) => t.startsWith('adversary:'))),
    ).toStrictEqual([['adversary:APT28'], [], [], [], ['adversary:APT28']]);
    expect(validateCtimBundle(bundle)).toStrictEqual({ valid: true, errors: [] });
  });

  it('gives valid CTIM for any pulse, context fields of any shape and size', () => {
    const wild = fc.oneof(
      fc.anything({ maxDepth: 2 }),
      fc.array(fc.oneof(fc.string(), hugeText, fc.anything({ maxDepth: 1 }))),
    );
    const pulse = fc
      .tuple(
        anyPulse,
        fc.record(
          {
            references: wild,
            attack_ids: wild,
            malware_families: wild,
            adversary: fc.oneof(hugeText, fc.anything({ maxDepth: 1 })),
            industries: wild,
            targeted_countries: wild,
            subscriber_count: fc.oneof(fc.integer(), fc.double(), fc.anything({ maxDepth: 0 })),
            created: fc.anything({ maxDepth: 0 }),
            modified: fc.anything({ maxDepth: 0 }),
          },
          { requiredKeys: [] },
        ),
      )
      .map(([p, extra]) => ({ ...p, ...extra, id: 'p1' }) as unknown as OtxPulseInput);
    fc.assert(
      fc.property(pulse, (p) => {
        expect(validateCtimEntity(indicator(p, true)).errors).toStrictEqual([]);
        expect(validateCtimEntity(sighting(p, true)).errors).toStrictEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
