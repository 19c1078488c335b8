import { GEO_FIELDS } from './general-body';

/**
 * Minimal bodies for the sections other than `general` (docs/otx-api.md §3.2.2): the right shape with
 * no data. The relay never asks for them; they exist so a section name is not mistaken for 404.
 */
export function sectionStub(section: string): Record<string, unknown> {
  switch (section) {
    case 'reputation':
      return { reputation: null };
    case 'geo':
      return { ...GEO_FIELDS };
    case 'malware':
      return { data: [], size: 0, count: 0 };
    case 'url_list':
      return {
        url_list: [],
        page_num: 1,
        limit: 10,
        paged: true,
        has_next: false,
        full_size: 0,
        actual_size: 0,
      };
    case 'passive_dns':
      return { passive_dns: [], count: 0 };
    default:
      return {};
  }
}
