import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SIM_OBSERVABLES as O, SIM_PULSES as P } from '../fixtures';
import { createOtxSimApp } from '../otx-sim.app';

interface PulseSummary {
  id: string;
  [key: string]: unknown;
}

interface GeneralBody {
  indicator: string;
  base_indicator: Record<string, unknown>;
  pulse_info: {
    count: number;
    pulses: PulseSummary[];
    references: string[];
    related: { other: Record<string, unknown> };
  };
  validation: { source: string }[];
  [key: string]: unknown;
}

describe('GET /api/v1/indicators/{slug}/{value}/{section}', () => {
  let app: NestFastifyApplication;
  const get = (path: string) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/indicators/${path}`,
      headers: { 'x-otx-api-key': 'test-otx-key' },
    });
  const general = async (slug: string, encoded: string) =>
    (await get(`${slug}/${encoded}/general`)).json<GeneralBody>();

  beforeAll(async () => {
    app = await createOtxSimApp();
  });
  afterAll(() => app.close());

  it('answers general for the main IP in the shape of docs/otx-api.md §3.2.1', async () => {
    const res = await get(`IPv4/${O.ip.value}/general`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('max-age=0');
    expect(res.headers['x-otx-active']).toBe('1');
    const body = res.json();
    expect(body).toMatchObject({
      indicator: '198.51.100.10',
      type: 'IPv4',
      type_title: 'IPv4',
      whois: 'http://whois.domaintools.com/198.51.100.10',
      reputation: 0,
      asn: 'AS64500 Example Hosting Ltd',
      base_indicator: {
        indicator: '198.51.100.10',
        type: 'IPv4',
        access_type: 'public',
        title: '',
      },
      false_positive: [],
      validation: [],
    });
    expect(body.sections).toEqual(
      expect.arrayContaining(['general', 'geo', 'malware', 'passive_dns']),
    );
    expect(Number.isInteger(body.base_indicator.id)).toBe(true);
    expect(body.pulse_info.count).toBe(4);
    // Most recently modified first.
    expect(body.pulse_info.pulses.map((p: { id: string }) => p.id)).toEqual([
      P.domainsOnly.id,
      P.qakbot.id,
      P.bigScan.id,
      P.sshHoneypot.id,
    ]);
    expect(body.pulse_info.references).toEqual(['https://blog.example.net/qakbot-week3']);
    expect(body.pulse_info.related.other.malware_families).toEqual(['QakBot']);
  });

  it('gives pulse summaries the §4.1 keys (TLP upper-case key, integer public, author object)', async () => {
    const body = await general('IPv4', O.ip.value);
    const qakbot = body.pulse_info.pulses.find((p: { id: string }) => p.id === P.qakbot.id);
    expect(qakbot).toMatchObject({
      name: 'QakBot C2 servers - week 3',
      TLP: 'white',
      public: 1,
      tags: ['qakbot', 'c2', 'botnet'],
      author: { username: 'example_researcher', id: '204811' },
      indicator_type_counts: { IPv4: 4, domain: 1, hostname: 1 },
      indicator_count: 6,
      malware_families: [{ id: 'QakBot', display_name: 'QakBot', target: '/malware/QakBot' }],
      attack_ids: [{ id: 'T1071' }],
      related_indicator_type: 'IPv4',
      related_indicator_is_active: 1,
      created: '2024-01-18T22:05:47.090000',
    });
    expect(qakbot?.modified_text).toMatch(/^\d+ days ago $/);
    const filtered = body.pulse_info.pulses.find((p: { id: string }) => p.id === P.domainsOnly.id);
    expect(filtered?.indicator_type_counts).toEqual({ domain: 3 });
  });

  it('caps pulse_info.pulses at pulsesCap while count stays the total', async () => {
    const capped = await createOtxSimApp({ pulsesCap: 2 });
    try {
      const res = await capped.inject({
        url: `/api/v1/indicators/IPv4/${O.ipManyPulses.value}/general`,
        headers: { 'x-otx-api-key': 'test-otx-key' },
      });
      expect(res.json().pulse_info.count).toBe(6);
      expect(res.json().pulse_info.pulses).toHaveLength(2);
    } finally {
      await capped.close();
    }
  });

  it('answers an unknown value of a valid slug with 200, count 0 and base_indicator {}', async () => {
    const body = await general('IPv4', O.ipUnknown.value);
    expect(body).toMatchObject({ indicator: O.ipUnknown.value, base_indicator: {} });
    expect(body.pulse_info).toMatchObject({ count: 0, pulses: [], references: [] });
  });

  it('answers base_indicator {} for a value that has pulses but no base record', async () => {
    const body = await general('IPv4', O.ipEmptyBase.value);
    expect(body.base_indicator).toEqual({});
    expect(body.pulse_info.count).toBe(1);
  });

  it('echoes IPv6 expanded without zero compression, and finds it either way', async () => {
    const short = await general('IPv6', encodeURIComponent(O.ipv6.value));
    const long = await general('IPv6', '2001:0DB8:0:0:0:0:0:0010');
    expect(short.indicator).toBe('2001:db8:0:0:0:0:0:10');
    expect(long.indicator).toBe('2001:db8:0:0:0:0:0:10');
    expect(short.pulse_info.count).toBe(2);
    expect(long.pulse_info.count).toBe(2);
    expect(short.base_indicator.type).toBe('IPv6');
  });

  it.each([
    [
      'Python quote(safe="@:")',
      'http:%2F%2Fmalware-drop.example%2Fpayload%2Fstage2.bin%3Fid%3D7%26x%3D1',
    ],
    ['encodeURIComponent', encodeURIComponent(O.url.value)],
    [
      'every byte escaped',
      [...O.url.value].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(''),
    ],
  ])('decodes a URL value encoded by %s once', async (_name, encoded) => {
    const body = await general('url', encoded);
    expect(body).toMatchObject({ indicator: O.url.value, type: 'url', type_title: 'URL' });
    expect(body).toMatchObject({
      domain: 'malware-drop.example',
      hostname: 'malware-drop.example',
    });
    expect(body.base_indicator.type).toBe('URL');
    expect(body.pulse_info.count).toBe(2);
    expect(body.pulse_info.related.other).toHaveProperty('unique_indicators');
  });

  it('does not decode twice: %252F stays %2F', async () => {
    const body = await general('url', 'http:%2F%2Fa.example%2Fx%252Fy');
    expect(body.indicator).toBe('http://a.example/x%2Fy');
    expect(body.pulse_info.count).toBe(0);
  });

  it.each([
    [O.md5.value, 'md5', 'FileHash-MD5'],
    [O.sha1.value.toUpperCase(), 'sha1', 'FileHash-SHA1'],
    [O.sha256.value, 'sha256', 'FileHash-SHA256'],
  ])('routes the hash %s through the file slug', async (hash, type, title) => {
    const body = await general('file', hash);
    expect(body).toMatchObject({ indicator: hash.toLowerCase(), type, type_title: title });
    expect(body.base_indicator.type).toBe(title);
    expect(body.pulse_info.count).toBe(2);
    expect(body).not.toHaveProperty('whois');
  });

  it('serves domains with whois/alexa links and allow-list validation markers', async () => {
    const main = await general('domain', O.domain.value);
    expect(main).toMatchObject({ type: 'domain', type_title: 'Domain', alexa: expect.any(String) });
    expect(main.pulse_info.count).toBe(2);
    const listed = await general('domain', O.domainAllowListed.value);
    expect(listed.validation.map((v: { source: string }) => v.source)).toEqual([
      'akamai',
      'whitelist',
    ]);
    expect(listed.pulse_info.count).toBe(0);
  });

  it.each([
    ['email', `email/${O.email.value}/general`],
    ['FileHash-MD5', `FileHash-MD5/${O.md5.value}/general`],
    ['ipv4 (case matters)', `ipv4/${O.ip.value}/general`],
    ['an unknown section', `IPv4/${O.ip.value}/whois`],
    ['a section of another slug', `file/${O.md5.value}/geo`],
  ])('answers 404 with a detail for %s', async (_name, path) => {
    const res = await get(path);
    expect(res.statusCode).toBe(404);
    expect(typeof res.json().detail).toBe('string');
  });

  it.each(['10.0.0.1', '127.0.0.1', '192.168.1.1', '172.16.0.1', '172.31.255.255', '999.1.1.1'])(
    'answers 400 for the private or malformed IPv4 %s',
    async (ip) => {
      const res = await get(`IPv4/${ip}/general`);
      expect(res.statusCode).toBe(400);
      expect(typeof res.json().detail).toBe('string');
    },
  );

  it('answers 400 for a malformed hash and a malformed IPv6', async () => {
    expect((await get('file/abc/general')).statusCode).toBe(400);
    expect((await get('IPv6/2001:db8::1::2/general')).statusCode).toBe(400);
  });

  it('accepts a public 172.x address outside 172.16/12', async () => {
    expect((await get('IPv4/172.32.0.1/general')).statusCode).toBe(200);
  });

  it('serves small stubs for the other sections', async () => {
    expect((await get(`IPv4/${O.ip.value}/malware`)).json()).toEqual({
      data: [],
      size: 0,
      count: 0,
    });
    expect((await get(`IPv4/${O.ip.value}/reputation`)).json()).toEqual({ reputation: null });
    expect((await get(`url/${encodeURIComponent(O.url.value)}/url_list`)).json()).toMatchObject({
      url_list: [],
    });
  });

  describe('verdict evidence (issue 12)', () => {
    it('gives pulse summaries their context in the shapes of docs/otx-api.md §4.1', async () => {
      const body = await general('IPv4', O.ipMalicious.value);
      expect(body.pulse_info.count).toBe(3);
      const cobalt = body.pulse_info.pulses.find((p) => p.id === P.cobaltStrike.id);
      expect(cobalt).toMatchObject({
        TLP: 'amber',
        author: { username: 'c2_hunter', id: '311407' },
        references: [
          'https://blog.example.net/cobalt-strike-team-servers',
          'Internal sandbox run CS-2291',
        ],
        adversary: 'APT28',
        malware_families: [
          { id: 'Cobalt Strike', display_name: 'Cobalt Strike', target: '/malware/Cobalt Strike' },
        ],
        attack_ids: [
          { id: 'T1071.001', name: 'Web Protocols', display_name: 'T1071.001 - Web Protocols' },
          {
            id: 'T1105',
            name: 'Ingress Tool Transfer',
            display_name: 'T1105 - Ingress Tool Transfer',
          },
          {
            id: 'T1055.012',
            name: 'Process Hollowing',
            display_name: 'T1055.012 - Process Hollowing',
          },
        ],
        industries: ['Government', 'Defense'],
        targeted_countries: ['Germany', 'Ukraine'],
        subscriber_count: 214,
        modified_text: '3 days ago ',
      });
      expect(body.pulse_info.pulses.map((p) => p.TLP)).toEqual(['amber', 'white', 'green']);
      expect(body.pulse_info.related.other).toMatchObject({
        adversary: ['APT28'],
        malware_families: ['Cobalt Strike', 'QakBot'],
      });
    });

    it('serves the allow-list marker of an IP in a noise pulse', async () => {
      const body = await general('IPv4', O.ipAllowListedNoise.value);
      expect(body.validation).toEqual([
        { source: 'whitelist', message: 'contained in whitelisted prefix', name: 'Whitelisted IP' },
      ]);
      expect(body.pulse_info.pulses.map((p) => p.name)).toEqual([
        'test',
        'DNS resolvers contacted by malware samples',
      ]);
    });

    it('serves false-positive assessments, accepted and pending', async () => {
      const accepted = await general('IPv4', O.ipFalsePositive.value);
      expect(accepted.false_positive).toEqual([
        {
          assessment: 'accepted',
          assessment_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT15:36:44\.000000$/),
          report_date: expect.stringMatching(/^\d{4}-\d\d-\d\dT09:12:00\.000000$/),
        },
      ]);
      const pending = await general('IPv4', O.ipFalsePositivePending.value);
      expect(pending.false_positive).toEqual([
        { assessment: 'pending', assessment_date: null, report_date: expect.any(String) },
      ]);
      expect(pending.validation).toEqual([]);
    });

    it('serves popularity markers with and without pulses', async () => {
      const cdn = await general('hostname', O.hostnameCdn.value);
      expect(cdn).toMatchObject({ type: 'hostname', type_title: 'Hostname' });
      expect(cdn.validation.map((v) => v.source)).toEqual(['akamai', 'majestic']);
      expect(
        new Set(cdn.pulse_info.pulses.map((p) => (p.author as { username: string }).username)).size,
      ).toBe(4);
      const popular = await general('domain', O.domainPopularOnly.value);
      expect(popular.validation.map((v) => v.source)).toEqual(['alexa', 'majestic']);
      expect(popular).toMatchObject({ base_indicator: {}, pulse_info: { count: 0, pulses: [] } });
      const freemail = await general('domain', O.domainFreemail.value);
      expect(freemail.validation.map((v) => v.source)).toEqual(['akamai', 'whitelist', 'majestic']);
      expect(freemail.pulse_info.count).toBe(3);
    });

    it('answers a sub-domain in the hostname section, and nothing for it in the domain section', async () => {
      const host = await general('hostname', O.hostname.value);
      expect(host.base_indicator).toMatchObject({ indicator: O.hostname.value, type: 'hostname' });
      expect(host.pulse_info.pulses.map((p) => p.id)).toEqual([P.hostDropper.id, P.hostC2.id]);
      const asDomain = await general('domain', O.hostname.value);
      expect(asDomain).toMatchObject({ base_indicator: {}, pulse_info: { count: 0 } });
    });
  });
});
