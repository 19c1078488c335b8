import { ConfigurableModuleBuilder, Module } from '@nestjs/common';

/** One value the team's blocklist knows, and why. */
export interface BlocklistEntry {
  type: string;
  value: string;
  reason: string;
}

/** Options of {@link BlocklistModule}: what a team's provider needs, passed in by the app. */
export interface BlocklistOptions {
  /** Shown as the source of every entity, e.g. `ACME blocklist`. */
  source: string;
  /** The page of an entry in the team's own tool; `{value}` is replaced. */
  uiUrlTemplate: string;
  entries: BlocklistEntry[];
}

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: BLOCKLIST_OPTIONS } =
  new ConfigurableModuleBuilder<BlocklistOptions>().setClassMethodName('forRoot').build();

/**
 * The example's "lib" module (docs/extending.md): in a real provider, the client of the team's
 * intel source lives here (a lib of the same shape as libs/otx); this one only holds a list.
 */
@Module({ providers: [], exports: [BLOCKLIST_OPTIONS] })
export class BlocklistModule extends ConfigurableModuleClass {}
