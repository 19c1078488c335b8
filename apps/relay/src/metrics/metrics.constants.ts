/** Injection token of the observer given to `OtxModule`; absent when metrics are off. */
export const OTX_OBSERVER = Symbol('OTX_OBSERVER');
