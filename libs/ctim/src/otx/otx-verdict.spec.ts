import fc from 'fast-check';
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
  generalAnswer,
  pulseSummary,
  type OtxGeneralAnswer,
} from './fixtures/otx-general-answers';
import { anyPulse, wrongType } from './fixtures/otx-arbitraries';
import { otxVerdictEvidence } from './otx-verdict';
import { otxVerdictReason } from './otx-verdict-reason';

const now = VERDICT_NOW;
const judge = (general: unknown, options: { minAuthors?: number; recentDays?: number } = {}) =>
  otxVerdictEvidence(general as OtxGeneralAnswer, { now, ...options });

describe(otxVerdictEvidence.name, () => {
  // The known traps of issue 12 item 3, and the plain cases, as OTX answers them.
  it.each<[string, OtxGeneralAnswer, Record<string, unknown>]>([
    [
      'a plain malicious IP (docs/otx-api.md §5.1): 2 authors, one pulse recent',
      MALICIOUS_IP,
      {
        disposition: 2,
        disposition_name: 'Malicious',
        pulseCount: 2,
        listedPulses: 2,
        authors: ['example_researcher', 'honeynet_bot'],
        latestModified: '2024-01-19T08:41:12.517Z',
        recentPulses: 1,
        tlp: 'green',
        pulsesMeetMaliciousBar: true,
      },
    ],
    [
      '3 authors, all recent',
      MALICIOUS_IP_THREE_AUTHORS,
      { disposition_name: 'Malicious', recentPulses: 3, tlp: 'amber' },
    ],
    [
      '8.8.8.8 in a noise pulse: allow-listed, whatever the pulses say',
      GOOGLE_DNS_IN_NOISE,
      {
        disposition: 1,
        disposition_name: 'Clean',
        pulseCount: 2,
        authors: ['jokester42', 'sandbox_feed'],
        allowList: [
          {
            source: 'whitelist',
            name: 'Whitelisted IP',
            message: 'contained in whitelisted prefix',
          },
        ],
        pulsesMeetMaliciousBar: true,
      },
    ],
    [
      'gmail.com: allow-listed and popular, 812 pulses of which 3 listed',
      GMAIL,
      {
        disposition_name: 'Clean',
        pulseCount: 812,
        listedPulses: 3,
        authors: ['phish_watch', 'mail_sec_lab', 'example_researcher'],
        latestModified: '2024-01-22T11:00:00.000Z',
        tlp: 'white',
      },
    ],
    [
      'a CDN host: recent pulses by 4 authors, capped by popularity',
      CDN_HOST,
      {
        disposition: 3,
        disposition_name: 'Suspicious',
        pulseCount: 4,
        recentPulses: 4,
        allowList: [],
        tlp: 'amber',
        pulsesMeetMaliciousBar: true,
      },
    ],
    [
      'one prolific author',
      PROLIFIC_AUTHOR,
      {
        disposition_name: 'Suspicious',
        pulseCount: 6,
        authors: ['threat_feed_bot'],
        recentPulses: 6,
        pulsesMeetMaliciousBar: false,
      },
    ],
    [
      'stale pulses: 2 authors, none modified within 365 days',
      STALE_PULSES,
      {
        disposition_name: 'Suspicious',
        authors: ['example_researcher', 'honeynet_bot'],
        latestModified: '2022-03-01T00:00:00.000Z',
        recentPulses: 0,
        pulsesMeetMaliciousBar: false,
      },
    ],
    [
      'an accepted false-positive assessment',
      ACCEPTED_FALSE_POSITIVE,
      {
        disposition_name: 'Clean',
        falsePositives: [
          { origin: 'assessment', message: 'accepted', assessedAt: '2021-05-19T15:36:44.966Z' },
        ],
      },
    ],
    [
      "OTX's own false_positive marker",
      KNOWN_FALSE_POSITIVE,
      {
        disposition_name: 'Clean',
        falsePositives: [
          { origin: 'validation', message: 'Known False Positive', assessedAt: null },
        ],
      },
    ],
    [
      'a pending false-positive report, which does not count',
      PENDING_FALSE_POSITIVE,
      { disposition_name: 'Malicious', falsePositives: [] },
    ],
    [
      'allow-listed with no pulse (docs/otx-api.md §5.2)',
      ALLOW_LISTED_NO_PULSES,
      { disposition_name: 'Clean', pulseCount: 0, listedPulses: 0, tlp: null, authors: [] },
    ],
  ])('%s', (_case, general, expected) => {
    expect(judge(general)).toMatchObject({ minAuthors: 2, recentDays: 365, ...expected });
  });

  it.each<[string, unknown]>([
    ['nothing known (count 0, no marker)', NOTHING_KNOWN],
    ['popularity only, no pulse: neither clean nor bad', POPULAR_ONLY],
    ['an empty object', {}],
    ['null', null],
    ['an array', [MALICIOUS_IP]],
    ['a string', 'general'],
  ])('asserts nothing for %s', (_case, general) => {
    expect(judge(general)).toBeNull();
  });

  it('counts pulse_info.count beyond the listed pulses, but authors only from those listed', () => {
    const general = {
      ...PROLIFIC_AUTHOR,
      pulse_info: { ...PROLIFIC_AUTHOR.pulse_info, count: 140 },
    };
    expect(judge(general)).toMatchObject({
      pulseCount: 140,
      listedPulses: 6,
      authors: ['threat_feed_bot'],
      disposition_name: 'Suspicious',
    });
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['smaller than the list', 1],
    ['negative', -3],
    ['fractional', 2.5],
    ['a string', '6'],
  ])('uses the listed pulses when count is %s', (_case, count) => {
    const general = { ...PROLIFIC_AUTHOR, pulse_info: { ...PROLIFIC_AUTHOR.pulse_info, count } };
    expect(judge(general)?.pulseCount).toBe(6);
  });

  it('judges on pulse_info.count alone when no pulse is listed: Suspicious, no author', () => {
    const general = { pulse_info: { count: 3, pulses: [] } };
    expect(judge(general)).toMatchObject({
      disposition_name: 'Suspicious',
      pulseCount: 3,
      listedPulses: 0,
      authors: [],
      latestModified: null,
      tlp: null,
    });
  });

  it('honours minAuthors and recentDays, and falls back to the defaults for nonsense', () => {
    expect(judge(MALICIOUS_IP_THREE_AUTHORS, { minAuthors: 4 })?.disposition_name).toBe(
      'Suspicious',
    );
    expect(judge(MALICIOUS_IP_THREE_AUTHORS, { minAuthors: 3 })?.disposition_name).toBe(
      'Malicious',
    );
    expect(judge(STALE_PULSES, { recentDays: 800 })?.disposition_name).toBe('Malicious');
    // 2022-03-01T00:00Z is 702.5 days before now (2024-02-01T12:00Z).
    expect(judge(STALE_PULSES, { recentDays: 702 })?.recentPulses).toBe(0);
    expect(judge(STALE_PULSES, { recentDays: 703 })?.recentPulses).toBe(1);
    for (const nonsense of [0, -1, 1.5, NaN, Infinity]) {
      expect(judge(MALICIOUS_IP, { minAuthors: nonsense })?.minAuthors).toBe(2);
      expect(judge(MALICIOUS_IP, { recentDays: nonsense })?.recentDays).toBe(
        nonsense === 0 ? 0 : 365,
      );
    }
  });

  it('reads feed pulses too: author_name, lower-case tlp', () => {
    const general = {
      pulse_info: {
        count: 2,
        pulses: [
          { id: 'a', author_name: 'feed_one', tlp: 'green', modified: '2024-01-30T00:00:00' },
          { id: 'b', author_name: 'feed_two', tlp: 'amber', modified: '2024-01-31T00:00:00' },
        ],
      },
    };
    expect(judge(general)).toMatchObject({
      disposition_name: 'Malicious',
      authors: ['feed_one', 'feed_two'],
      tlp: 'amber',
    });
  });

  it('counts a pulse without author, TLP or readable time as a pulse, but not as an author, a recent pulse or a known TLP', () => {
    const bare = { id: 'x', modified: 'yesterday', TLP: 'purple' };
    const general = {
      pulse_info: { count: 2, pulses: [bare, { ...bare, created: '2024-01-31T00:00:00' }] },
    };
    expect(judge(general)).toMatchObject({
      disposition_name: 'Suspicious',
      pulseCount: 2,
      authors: [],
      recentPulses: 0,
      latestModified: null,
      tlp: 'red',
    });
    // Without `modified`, `created` dates the pulse.
    const created = { pulse_info: { pulses: [{ id: 'y', created: '2024-01-31T00:00:00' }] } };
    expect(judge(created)).toMatchObject({
      recentPulses: 1,
      latestModified: '2024-01-31T00:00:00Z',
    });
  });

  it('counts each author once, and a pulse dated after now as recent', () => {
    const general = generalAnswer({
      indicator: '198.51.100.5',
      slug: 'IPv4',
      pulses: ['a', 'b', 'a'].map((author, i) =>
        pulseSummary({
          id: `p${i}`,
          name: 'n',
          author,
          authorId: '1',
          created: '2024-03-01T00:00:00',
          modified: '2024-03-01T00:00:00',
          TLP: 'white',
          type: 'IPv4',
        }),
      ),
    });
    expect(judge(general)).toMatchObject({ authors: ['a', 'b'], recentPulses: 3 });
  });

  it('ignores validation sources it does not know and entries that are not objects', () => {
    const general = {
      ...PROLIFIC_AUTHOR,
      validation: [{ source: 'virustotal', message: 'x', name: 'y' }, null, 'whitelist'],
      false_positive: [null, { assessment: 'rejected' }, 'accepted'],
    };
    expect(judge(general)).toMatchObject({
      disposition_name: 'Suspicious',
      allowList: [],
      popularity: [],
      falsePositives: [],
    });
  });

  it('reads validation sources and assessments in any case, with spaces around', () => {
    const general = {
      validation: [{ source: ' WhiteList ', message: 'Whitelisted IP 198.51.100.1', name: '' }],
      false_positive: [{ assessment: 'ACCEPTED', assessment_date: null }],
    };
    expect(judge(general)).toMatchObject({
      disposition_name: 'Clean',
      allowList: [{ source: ' WhiteList ', message: 'Whitelisted IP 198.51.100.1', name: '' }],
      falsePositives: [{ origin: 'assessment', message: 'accepted', assessedAt: null }],
    });
  });

  it('never throws, whatever the answer holds', () => {
    const anyGeneral = fc.record(
      {
        pulse_info: fc.oneof(
          wrongType,
          fc.record(
            {
              count: fc.oneof(fc.integer(), wrongType),
              pulses: fc.oneof(fc.array(anyPulse), wrongType),
            },
            { requiredKeys: [] },
          ),
        ),
        validation: fc.oneof(wrongType, fc.array(fc.anything())),
        false_positive: fc.oneof(wrongType, fc.array(fc.anything())),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(anyGeneral, (general) => {
        const evidence = judge(general);
        if (evidence) expect(otxVerdictReason(evidence).length).toBeLessThanOrEqual(1024);
      }),
    );
  });
});

describe(otxVerdictReason.name, () => {
  // Every input of the rule is named: counts, authors, latest modified day, markers, thresholds.
  it.each<[string, OtxGeneralAnswer, string]>([
    [
      'malicious',
      MALICIOUS_IP,
      'OTX: 2 pulses by 2 authors, latest modified 2024-01-19; 1 pulse modified within 365 days, ' +
        'at least 2 distinct authors; not allow-listed. Authors: example_researcher, honeynet_bot',
    ],
    [
      'allow-listed IP in a noise pulse',
      GOOGLE_DNS_IN_NOISE,
      'Allow-listed by OTX (whitelist: contained in whitelisted prefix); outweighs OTX: 2 pulses ' +
        'by 2 authors, latest modified 2024-01-25. Authors: jokester42, sandbox_feed',
    ],
    [
      'gmail.com',
      GMAIL,
      'Allow-listed by OTX (whitelist: Whitelisted domain gmail.com); popularity: akamai: ' +
        'Akamai rank: #18, majestic: Whitelisted domain gmail.com; outweighs OTX: 812 pulses ' +
        '(authors and recency from the 3 listed) by 3 authors, latest modified 2024-01-22. ' +
        'Authors: phish_watch, mail_sec_lab, example_researcher',
    ],
    [
      'CDN host',
      CDN_HOST,
      'OTX: 4 pulses by 4 authors, latest modified 2024-01-13; Suspicious, not Malicious: ' +
        'popularity caps at Suspicious (akamai: Akamai rank: #1106, majestic: Whitelisted domain ' +
        'cloudfront.net); not allow-listed. Authors: malware_traffic, c2_hunter, soc_feed, ' +
        'example_researcher',
    ],
    [
      'prolific author',
      PROLIFIC_AUTHOR,
      'OTX: 6 pulses by 1 author, latest modified 2024-01-26; Suspicious, not Malicious: fewer ' +
        'than 2 distinct authors; not allow-listed. Authors: threat_feed_bot',
    ],
    [
      'stale pulses',
      STALE_PULSES,
      'OTX: 3 pulses by 2 authors, latest modified 2022-03-01; Suspicious, not Malicious: none ' +
        'modified within 365 days; not allow-listed. Authors: example_researcher, honeynet_bot',
    ],
    [
      'accepted false positive',
      ACCEPTED_FALSE_POSITIVE,
      'Accepted false positive in OTX (assessment accepted 2021-05-19); outweighs OTX: 2 pulses ' +
        'by 2 authors, latest modified 2024-01-16. Authors: example_researcher, phish_watch',
    ],
    [
      'known false positive',
      KNOWN_FALSE_POSITIVE,
      'Accepted false positive in OTX (false_positive: Known False Positive); outweighs OTX: 2 ' +
        'pulses by 2 authors, latest modified 2024-01-16. Authors: example_researcher, phish_watch',
    ],
    [
      'allow-listed, no pulse',
      ALLOW_LISTED_NO_PULSES,
      'Allow-listed by OTX (whitelist: Whitelisted domain example.org); popularity: akamai: ' +
        'Akamai rank: #2138; no OTX pulses',
    ],
  ])('%s', (_case, general, reason) => {
    expect(otxVerdictReason(judge(general)!)).toBe(reason);
  });

  it('names both shortfalls when a pulse set has one author and no recent pulse', () => {
    const general = {
      ...STALE_PULSES,
      pulse_info: { count: 1, pulses: [STALE_PULSES.pulse_info!.pulses![2]] },
    };
    expect(otxVerdictReason(judge(general)!)).toBe(
      'OTX: 1 pulse by 1 author, latest modified 2019-09-17; Suspicious, not Malicious: fewer ' +
        'than 2 distinct authors, none modified within 365 days; not allow-listed. ' +
        'Authors: example_researcher',
    );
  });

  it('quotes at most 3 markers, 5 authors and 100 characters of a message, and fits 1024', () => {
    const long = 'm'.repeat(300);
    const general = generalAnswer({
      indicator: 'busy.example',
      slug: 'domain',
      validation: ['akamai', 'alexa', 'majestic', 'akamai', 'alexa'].map((source) => ({
        source,
        message: long,
        name: 'n',
      })),
      pulses: Array.from({ length: 40 }, (_, i) =>
        pulseSummary({
          id: `p${i}`,
          name: 'n',
          author: `${'author'.repeat(30)}_${i}`,
          authorId: String(i),
          created: '2024-01-20T00:00:00',
          modified: '2024-01-20T00:00:00',
          TLP: 'white',
          type: 'domain',
        }),
      ),
    });
    const reason = otxVerdictReason(judge(general)!);
    expect(reason).toContain(`akamai: ${'m'.repeat(99)}…`);
    expect(reason).toContain('and 2 more)');
    expect(reason).toContain('40 pulses by 40 authors');
    expect(reason).toMatch(/and 35 more$/);
    expect(reason.length).toBeLessThanOrEqual(1024);
  });
});
