import { Inject, Injectable } from '@nestjs/common';
import { OTX_SIM_OPTIONS } from '../otx-sim.constants';
import { userForKey, type OtxSimOptions } from '../otx-sim.options';

/** Answers the account check `/api/v1/user(s)/me` (docs/otx-api.md §3.1). */
@Injectable()
export class UserService {
  constructor(@Inject(OTX_SIM_OPTIONS) private readonly options: OtxSimOptions) {}

  /** The account that owns `key` (the guard has already checked it). */
  me(key: unknown): Record<string, unknown> {
    const username = userForKey(this.options, key) ?? 'anonymous';
    return {
      username,
      user_id: 1000 + this.options.apiKeys.indexOf(String(key)),
      member_since: '2019-03-14T10:00:00.000000',
      pulse_count: 0,
      indicator_count: 0,
      follower_count: 0,
      subscriber_count: 0,
      award_count: 0,
    };
  }
}
