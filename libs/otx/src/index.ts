// Public entry of @app/otx: the only code that talks to AlienVault OTX.
export { OtxModule } from './otx.module';
export { OtxClient } from './otx.client';
export { OtxException } from './otx.exception';
export type { OtxEndpoint, OtxErrorCode } from './otx.exception';
export { OTX_QUERYABLE_TYPES, OTX_SECTION_BY_TYPE, isOtxQueryableType } from './otx.constants';
export type { OtxQueryableType } from './otx.constants';
export { canonicalIndicator } from './lookup/otx-canonical.util';
export { OTX_OPTION_DEFAULTS } from './otx-options.util';
export type { OtxObserver, OtxRequestEvent } from './otx-observer';
export type {
  OtxGeneral,
  OtxIndicatorLookup,
  OtxLookupOptions,
  OtxLookupProblem,
  OtxLookupResult,
  OtxMembership,
  OtxModuleOptions,
  OtxObservable,
  OtxPulse,
  OtxPulseIndicator,
  OtxPulseMultiResult,
  OtxRecordFailure,
  OtxSession,
  OtxSessionOptions,
  OtxTlp,
  OtxWantedIndicator,
} from './otx.types';
