// Public entry of @app/ctim: pure CTIM types, OTX → CTIM mappers and CTIM validation.
export { CTIM_OBSERVABLE_TYPES, isCtimObservableType, toCtimObservable } from './observable-types';
export type { CtimObservableType } from './observable-types';
export type {
  CtimBundle,
  CtimCollection,
  DataTableColumn,
  DataTableColumnType,
  ExternalReference,
  HighMedLow,
  Indicator,
  Judgement,
  Observable,
  ObservedTime,
  Reference,
  Relationship,
  Severity,
  Sighting,
  SightingDataTable,
  ValidTime,
  Verdict,
} from './ctim.types';
export { CTIM_DISPOSITIONS, dispositionName } from './disposition';
export type { Disposition, DispositionName } from './disposition';
export { CTIM_LIMITS, TRUNCATION_MARK, truncateCtimString } from './ctim-limits';
export { CTIM_TLPS, isTlpWithin, mostRestrictiveTlp, normaliseTlp } from './tlp';
export type { CtimTlp } from './tlp';
export { OTX_SOURCE, SCHEMA_VERSION, indicatorIdForPulse, transientId } from './ids';
export { memberOfRelationship } from './relationship';
export { isEmptyBundle, mergeBundles } from './bundle';
export { mergeIndicators } from './merge-indicators';
export { selectVerdicts } from './select-verdicts';
export { OTX_OBSERVABLE_META, isOtxObservableType } from './otx/otx-observable-types';
export type { OtxObservableType } from './otx/otx-observable-types';
export type {
  OtxAttackIdInput,
  OtxFalsePositiveInput,
  OtxGeneralInput,
  OtxIndicatorInput,
  OtxMalwareFamilyInput,
  OtxMatchItem,
  OtxPulseInput,
  OtxValidationInput,
} from './otx/otx-input.types';
export { otxTimeToCtim } from './otx/otx-time';
export { sightingFromOtxMatch } from './otx/from-otx-match-to-sighting';
export { indicatorFromOtxMatch } from './otx/from-otx-match-to-indicator';
export { buildOtxBundle } from './otx/build-otx-bundle';
export { referenceFromObservable } from './otx/from-otx-observable-to-reference';
export { verdictFromJudgement } from './verdict';
export { OTX_VERDICT_DEFAULTS, otxVerdictEvidence } from './otx/otx-verdict';
export type {
  OtxAcceptedFalsePositive,
  OtxValidationEntry,
  OtxVerdictEvidence,
  OtxVerdictOptions,
} from './otx/otx-verdict';
export { otxVerdictReason } from './otx/otx-verdict-reason';
export {
  OTX_JUDGEMENT_PRIORITY,
  OTX_JUDGEMENT_TTL_DAYS,
  judgementFromOtxEvidence,
  otxJudgementAndVerdict,
  otxJudgementConfidence,
  otxJudgementSeverity,
} from './otx/judgement-from-otx-evidence';
export type { OtxJudgementOptions } from './otx/judgement-from-otx-evidence';
export { otxGeneralWithinTlp, policyTlpOfPulse, splitPulsesByTlp } from './otx/otx-tlp-policy';
export {
  CTIM_SCHEMAS,
  validateCtimBundle,
  validateCtimEntity,
  validateReference,
} from './schemas/validate-ctim';
export type { CtimValidationResult } from './schemas/validate-ctim';
