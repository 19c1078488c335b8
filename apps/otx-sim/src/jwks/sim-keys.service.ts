import { Injectable } from '@nestjs/common';
import { generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { sign, type SignOptions } from 'jsonwebtoken';
import { SIM_KEY_ID } from '../otx-sim.constants';

/** Options of one minted token. */
export interface MintOptions {
  /** `kid` header; defaults to the simulator's own (`otx-sim-1`). */
  kid?: string;
  /** Sets `exp` to now + this, unless the claims already carry `exp`. */
  expiresInSec?: number;
}

/**
 * The simulator's RSA signing key: generated when the app starts and never written anywhere,
 * served as a JWKS and used to mint RS256 test tokens.
 */
@Injectable()
export class SimKeysService {
  private readonly privateKey: KeyObject;
  private readonly publicJwk: JsonWebKey;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicJwk = pair.publicKey.export({ format: 'jwk' });
  }

  /** The JWKS body: one RS256 signing key. */
  jwks(): { keys: JsonWebKey[] } {
    const { n, e } = this.publicJwk;
    return { keys: [{ kty: 'RSA', n, e, kid: SIM_KEY_ID, alg: 'RS256', use: 'sig' }] };
  }

  /**
   * Signs `claims` exactly as given (plus `iat`), so tests can leave out `aud` or add `nbf`.
   * @throws Error when jsonwebtoken refuses the claims (e.g. a non-numeric `exp`).
   */
  mint(claims: Record<string, unknown>, options: MintOptions = {}): string {
    const signOptions: SignOptions = { algorithm: 'RS256', keyid: options.kid ?? SIM_KEY_ID };
    if (options.expiresInSec !== undefined && !('exp' in claims)) {
      signOptions.expiresIn = options.expiresInSec;
    }
    return sign(claims, this.privateKey, signOptions);
  }
}
