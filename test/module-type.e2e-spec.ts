import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvDto } from '../apps/relay/src/config/env.dto';
import { request } from './helpers/http';
import { useSimAndRelay } from './helpers/servers';

const MODULE_TYPE = join(__dirname, '..', 'module_type.json');
const TYPES_OBSERVED = ['IP', 'IPv6', 'Domain', 'Hostname', 'URL', 'MD5', 'SHA1', 'SHA256'];

describe('module_type.json registers the relay in XDR / SecureX (contract §10)', () => {
  const doc = JSON.parse(readFileSync(MODULE_TYPE, 'utf8'));
  const ctx = useSimAndRelay();

  it('names and describes the module', () => {
    expect(doc).toMatchObject({
      title: 'AlienVault Open Threat Exchange',
      default_name: 'AlienVault OTX',
      short_description: expect.stringMatching(/OTX/),
      description: expect.stringMatching(/OTX/),
      tips: expect.stringMatching(/OTX API Key[\s\S]*Entities Limit/),
    });
    expect(doc.external_references).toContainEqual({
      label: 'Sign Up',
      link: 'https://otx.alienvault.com/#signup',
    });
  });

  it('asks for the OTX key and the optional entities limit', () => {
    expect(doc.configuration_spec).toEqual([
      expect.objectContaining({ key: 'custom_key', type: 'api_key', required: true }),
      expect.objectContaining({
        key: 'custom_CTR_ENTITIES_LIMIT',
        type: 'integer',
        required: false,
        tooltip: expect.any(String),
      }),
    ]);
  });

  it('gives one piece of entities-limit advice, with the default and maximum of the relay', () => {
    const env = new EnvDto();
    const advice =
      `the most Sightings and Indicators returned per observable: ` +
      `${env.CTR_ENTITIES_LIMIT_DEFAULT} by default, at most ${env.CTR_ENTITIES_LIMIT_MAX}.`;
    const tooltip: string = doc.configuration_spec[1].tooltip;
    expect(tooltip).toBe(advice.charAt(0).toUpperCase() + advice.slice(1));
    expect(doc.tips).toContain(`**Entities Limit**: ${advice}`);
    // No second opinion: the only figures about the limit are those two.
    const tipLine = (doc.tips as string).split('\n').find((l) => l.includes('Entities Limit'))!;
    expect(tipLine.match(/\d+/g)).toEqual(['100', '1000']);
    expect(tooltip.match(/\d+/g)).toEqual(['100', '1000']);
  });

  it('lists health, deliberate and observe (every type the relay queries) and refer (email too)', () => {
    const byId = Object.fromEntries(
      doc.capabilities.map((c: { id: string; description: string }) => [c.id, c.description]),
    );
    expect(Object.keys(byId)).toEqual(['health', 'deliberate', 'observe', 'refer']);
    for (const type of TYPES_OBSERVED) {
      expect(byId.deliberate).toMatch(new RegExp(`\\b${type}\\b`));
      expect(byId.observe).toMatch(new RegExp(`\\b${type}\\b`));
      expect(byId.refer).toMatch(new RegExp(`\\b${type}\\b`));
    }
    expect(byId.observe).toMatch(/\bJudgement and Verdict\b/);
    expect(byId.refer).toMatch(/\bEmail\b/);
  });

  it('has the properties Threat Response needs to mint the configuration token', () => {
    expect(doc.properties).toEqual({
      'supported-apis': [
        'health',
        'deliberate/observables',
        'observe/observables',
        'refer/observables',
      ],
      url: 'https://<your-relay-host>',
      'auth-type': 'configuration-token',
      'configuration-token-alg': 'RS256',
      custom_jwks_host: 'visibility.amp.cisco.com',
    });
  });

  it('declares only APIs the relay serves (with POST, as Threat Response calls them)', async () => {
    for (const api of doc.properties['supported-apis'] as string[]) {
      const res = await request(`${ctx.relay.url}/${api}`, { body: [] });
      expect({ api, status: res.status }).toEqual({ api, status: 200 });
      expect(res.body.data ?? res.body.errors).toBeDefined();
    }
  });

  it('has a small SVG logo as a data URI', () => {
    const match = /^data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)$/.exec(doc.logo);
    expect(match).not.toBeNull();
    const svg = Buffer.from(match![1], 'base64').toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s\S]*<\/svg>$/);
    expect(svg.length).toBeLessThan(4096);
  });
});
