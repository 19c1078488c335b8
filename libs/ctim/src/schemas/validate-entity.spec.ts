import { validateCtimEntity } from './validate-ctim';
import { exampleEntities, longId } from './fixtures/ctim-examples';

type Entity = Record<string, unknown>;
type Case = [rule: string, change: (e: Entity) => void, error: string];

const x = (n: number) => 'x'.repeat(n);
const del = (key: string) => (e: Entity) => void delete e[key];
const set = (key: string, value: unknown) => (e: Entity) => void (e[key] = value);

/** Rules every stored entity kind shares (contract §9.1 base entity and sourcable fields). */
const base: Case[] = [
  ['closed map', set('extra', 1), '/ must NOT have additional properties (extra)'],
  ['id required', del('id'), "must have required property 'id'"],
  ['schema_version required', del('schema_version'), "required property 'schema_version'"],
  ['id transient or long', set('id', 'sighting-1'), '/id must match pattern'],
  ['id ≤ 2048', set('id', `transient:${x(2039)}`), '/id must NOT have more than 2048 characters'],
  ['schema_version pattern', set('schema_version', '1.0'), '/schema_version must match pattern'],
  ['tlp closed', set('tlp', 'clear'), '/tlp must be equal to one of the allowed values'],
  ['source MedString', set('source', x(2049)), '/source must NOT have more than 2048 characters'],
  ['source_uri a URI', set('source_uri', 'not a uri'), '/source_uri must match format "uri"'],
  ['source_uri ≤ 2048', set('source_uri', `https://a.b/${x(2040)}`), '/source_uri must NOT have'],
  ['external_ids strings', set('external_ids', [1]), '/external_ids/0 must be string'],
  ['revision ≥ 0', set('revision', -1), '/revision must be >= 0'],
  ['timestamp UTC', set('timestamp', '2021-01-01T00:00:00+01:00'), '/timestamp must match pattern'],
  [
    'external_references need source_name',
    set('external_references', [{ url: 'https://a.example/' }]),
    "/external_references/0 must have required property 'source_name'",
  ],
  [
    'external_references closed',
    set('external_references', [{ source_name: 'a', name: 'b' }]),
    '/external_references/0 must NOT have additional properties (name)',
  ],
  [
    'external_references url a URI',
    set('external_references', [{ source_name: 'a', url: 'free text' }]),
    '/external_references/0/url must match format "uri"',
  ],
  [
    'external_references description Markdown',
    set('external_references', [{ source_name: 'a', description: x(5001) }]),
    '/external_references/0/description must NOT have more than 5000 characters',
  ],
];

/** Describable fields, which Judgements and Verdicts do not have. */
const describable: Case[] = [
  ['title ShortString', set('title', x(1025)), '/title must NOT have more than 1024 characters'],
  ['title counts UTF-16', set('title', '😀'.repeat(513)), '/title must NOT have more than 1024'],
  ['description', set('description', x(5001)), '/description must NOT have more than 5000'],
  ['short_description', set('short_description', x(2049)), 'NOT have more than 2048 characters'],
];

const common: Case[] = [...base, ...describable];

const startEnd = (key: string, start: string, end: string) =>
  set(key, { start_time: start, end_time: end });

const sightingCases: Case[] = [
  ['observed_time required', del('observed_time'), "required property 'observed_time'"],
  ['confidence required', del('confidence'), "must have required property 'confidence'"],
  ['count required', del('count'), "must have required property 'count'"],
  ['count ≥ 0', set('count', -1), '/count must be >= 0'],
  ['count integer', set('count', 1.5), '/count must be integer'],
  ['confidence HighMedLow', set('confidence', 'high'), '/confidence must be equal to one of'],
  ['internal boolean', set('internal', 'no'), '/internal must be boolean'],
  ['start_time required', set('observed_time', {}), "required property 'start_time'"],
  [
    'time has Z',
    startEnd('observed_time', '1970-01-05T00:00:00', '1970-01-05T00:00:00Z'),
    '/observed_time/start_time must match pattern',
  ],
  [
    'time is a real date',
    startEnd('observed_time', '2021-02-29T00:00:00Z', '2021-03-01T00:00:00Z'),
    '/observed_time/start_time must match format "date-time"',
  ],
  [
    'start ≤ end',
    startEnd('observed_time', '2021-01-02T00:00:00Z', '2021-01-01T00:00:00.999Z'),
    '/observed_time end_time must not be earlier than start_time',
  ],
  ['observable type closed', set('observables', [{ type: 'ipv4', value: '1' }]), 'equal to one'],
  ['observable closed', set('observables', [{ type: 'ip', value: '1', x: 1 }]), '(x)'],
  ['observable value', set('observables', [{ type: 'ip' }]), "required property 'value'"],
  [
    'data needs columns and rows',
    set('data', { rows: [] }),
    "/data must have required property 'columns'",
  ],
  [
    'data column types closed',
    set('data', { columns: [{ name: 'when', type: 'datetime' }], rows: [] }),
    '/data/columns/0/type must be equal to one of the allowed values',
  ],
  [
    'data columns closed',
    set('data', { columns: [{ name: 'a', type: 'string', width: 3 }], rows: [] }),
    '/data/columns/0 must NOT have additional properties (width)',
  ],
  ['data rows are lists', set('data', { columns: [], rows: ['a'] }), '/data/rows/0 must be array'],
  [
    'data rows one cell per column',
    set('data', { columns: [{ name: 'a', type: 'string' }], rows: [['x', 'y']] }),
    '/data/rows/0 must have one cell per column (1)',
  ],
  [
    'data row_count the rows',
    set('data', { columns: [{ name: 'a', type: 'string' }], rows: [['x']], row_count: 2 }),
    '/data/row_count must equal the number of rows (1)',
  ],
];

const indicatorCases: Case[] = [
  ['valid_time required', del('valid_time'), "must have required property 'valid_time'"],
  ['producer required', del('producer'), "must have required property 'producer'"],
  ['producer ShortString', set('producer', x(1025)), '/producer must NOT have more than 1024'],
  ['tags ShortStrings', set('tags', ['a', x(1025)]), '/tags/1 must NOT have more than 1024'],
  ['tags strings', set('tags', [1]), '/tags/0 must be string'],
  ['valid_time closed', set('valid_time', { start_time: '2021-01-01T00:00:00Z', x: 1 }), '(x)'],
  [
    'start ≤ end',
    startEnd('valid_time', '1970-01-06T00:00:00Z', '1970-01-05T00:00:00Z'),
    '/valid_time end_time must not be earlier than start_time',
  ],
];

const validTimeCases: Case[] = [
  ['valid_time required', del('valid_time'), "must have required property 'valid_time'"],
  ['valid_time closed', set('valid_time', { start_time: '2024-02-01T12:00:00Z', x: 1 }), '(x)'],
  [
    'start ≤ end',
    startEnd('valid_time', '2024-02-08T12:00:00Z', '2024-02-01T12:00:00Z'),
    '/valid_time end_time must not be earlier than start_time',
  ],
  ['observable required', del('observable'), "must have required property 'observable'"],
  ['observable type closed', set('observable', { type: 'IP', value: '1' }), 'equal to one'],
  ['disposition required', del('disposition'), "must have required property 'disposition'"],
  ['disposition 1–5', set('disposition', 6), '/disposition must be equal to one of the allowed'],
  ['disposition a number', set('disposition', '2'), '/disposition must be equal to one of'],
  [
    'disposition_name closed',
    set('disposition_name', 'Bad'),
    '/disposition_name must be equal to one of the allowed values',
  ],
  [
    'disposition and name agree',
    set('disposition_name', 'Clean'),
    '/disposition_name must be equal to constant',
  ],
];

const judgementCases: Case[] = [
  ...validTimeCases,
  ...(['source', 'disposition_name', 'priority', 'confidence', 'severity'].map((key) => [
    `${key} required`,
    del(key),
    `must have required property '${key}'`,
  ]) as Case[]),
  ['priority ≤ 100', set('priority', 101), '/priority must be <= 100'],
  ['priority ≥ 0', set('priority', -1), '/priority must be >= 0'],
  ['priority integer', set('priority', 90.5), '/priority must be integer'],
  ['confidence HighMedLow', set('confidence', 'Critical'), '/confidence must be equal to one of'],
  ['severity closed', set('severity', 'Severe'), '/severity must be equal to one of'],
  ['reason ShortString', set('reason', x(1025)), '/reason must NOT have more than 1024'],
  ['reason_uri a URI', set('reason_uri', 'see OTX'), '/reason_uri must match format "uri"'],
  ['no title', set('title', 'x'), '(title)'],
  ['no description', set('description', 'x'), '(description)'],
];

const verdictCases: Case[] = [
  ...validTimeCases,
  ['closed map', set('reason', 'x'), '/ must NOT have additional properties (reason)'],
  ['no id', set('id', 'transient:verdict-1'), '(id)'],
  ['no schema_version', set('schema_version', '1.0.17'), '(schema_version)'],
  ['judgement_id an id', set('judgement_id', 'judgement-1'), '/judgement_id must match pattern'],
];

const relationshipCases: Case[] = [
  ['relationship_type required', del('relationship_type'), "property 'relationship_type'"],
  ['source_ref required', del('source_ref'), "must have required property 'source_ref'"],
  ['target_ref required', del('target_ref'), "must have required property 'target_ref'"],
  ['relationship_type string', set('relationship_type', 5), '/relationship_type must be string'],
  ['source_ref an id', set('source_ref', 'sighting-1'), '/source_ref must match pattern'],
  ['no confidence', set('confidence', 'High'), '(confidence)'],
];

describe(validateCtimEntity.name, () => {
  it.each(['sighting', 'indicator', 'relationship', 'judgement', 'verdict'] as const)(
    'accepts the hand-written %s',
    (kind) => {
      expect(validateCtimEntity(exampleEntities()[kind])).toStrictEqual({
        valid: true,
        errors: [],
      });
    },
  );

  describe.each([
    ['sighting', [...common, ...sightingCases]],
    ['indicator', [...common, ...indicatorCases]],
    ['relationship', [...common, ...relationshipCases]],
    ['judgement', [...base, ...judgementCases]],
    ['verdict', verdictCases],
  ] as const)('rejects a %s that breaks a rule', (kind, cases) => {
    it.each(cases)('%s', (_rule, change, error) => {
      const entity = exampleEntities()[kind] as unknown as Entity;
      change(entity);
      const result = validateCtimEntity(entity);
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toContain(error);
    });
  });

  it.each<unknown>([null, 5, 'sighting', [], {}, { type: 'casebook' }, { type: 'Judgement' }])(
    'rejects %p, which is no emitted entity kind',
    (value) => {
      expect(validateCtimEntity(value)).toStrictEqual({
        valid: false,
        errors: ['/type must be one of sighting, indicator, relationship, judgement, verdict'],
      });
    },
  );

  it('accepts each disposition with its own name, and a Verdict without a name', () => {
    const pairs = [
      [1, 'Clean'],
      [2, 'Malicious'],
      [3, 'Suspicious'],
      [4, 'Common'],
      [5, 'Unknown'],
    ] as const;
    const { judgement, verdict } = exampleEntities();
    for (const [disposition, disposition_name] of pairs) {
      const j = { ...judgement, disposition, disposition_name };
      expect([disposition, validateCtimEntity(j).errors]).toStrictEqual([disposition, []]);
    }
    const bare = {
      type: 'verdict',
      disposition: 5,
      observable: verdict.observable,
      valid_time: {},
    };
    expect(validateCtimEntity(bare).errors).toStrictEqual([]);
  });

  it('accepts a Sighting data table of every column type, nulls and all', () => {
    const { sighting } = exampleEntities();
    const types = ['observable', 'string', 'markdown', 'integer', 'number', 'url'] as const;
    const data = {
      columns: types.map((type) => ({ name: type, type, required: false })),
      rows: [
        [{ type: 'ip', value: '1.2.3.4' }, 'a', '*b*', 3, 1.5, 'https://a.example/'],
        [null, null, null, null, null, null],
      ],
      row_count: 2,
    };
    expect(validateCtimEntity({ ...sighting, data }).errors).toStrictEqual([]);
  });

  it('accepts external references with a url, an id or a description only', () => {
    const { indicator } = exampleEntities();
    const external_references = [
      {
        source_name: 'mitre-attack',
        external_id: 'T1071',
        url: 'https://attack.mitre.org/techniques/T1071/',
      },
      { source_name: 'AlienVault OTX', description: 'Internal sandbox run 2023-10-02' },
    ];
    expect(validateCtimEntity({ ...indicator, external_references }).errors).toStrictEqual([]);
  });

  it('accepts long ids, a SNAPSHOT version, fractions and the limits exactly', () => {
    const { sighting, relationship } = exampleEntities();
    const s = { ...sighting, id: longId('sighting'), schema_version: '1.3.29-SNAPSHOT' };
    const times = { start_time: '2021-01-01T00:00:00.123456Z', end_time: '2021-01-01T00:00:01Z' };
    const full = { ...s, observed_time: times, title: '😀'.repeat(512), description: x(5000) };
    expect(validateCtimEntity(full).errors).toStrictEqual([]);
    const rel = {
      ...relationship,
      source_ref: longId('sighting'),
      target_ref: longId('indicator'),
    };
    expect(validateCtimEntity(rel).errors).toStrictEqual([]);
  });
});
