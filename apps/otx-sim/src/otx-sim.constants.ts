/** Injection token of the resolved `OtxSimOptions`. */
export const OTX_SIM_OPTIONS = Symbol('OTX_SIM:OPTIONS');

/** `kid` of the simulator's signing key in its JWKS and in minted tokens. */
export const SIM_KEY_ID = 'otx-sim-1';

/** Header OTX reads the API key from. */
export const OTX_KEY_HEADER = 'x-otx-api-key';
