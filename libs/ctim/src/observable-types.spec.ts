import { CTIM_OBSERVABLE_TYPES, isCtimObservableType } from './observable-types';

// CTIM 1.3.28's closed vocabulary (contract §9.2), written out here as the truth to hold the
// production list to: a renamed or dropped type must fail this test.
const CTIM_1_3_28_TYPES = [
  'acudid',
  'amp_computer_guid',
  'certificate_common_name',
  'certificate_issuer',
  'certificate_serial',
  'cisco_cm_id',
  'cisco_mid',
  'cisco_uc_id',
  'cortex_agent_id',
  'crowdstrike_id',
  'cvm_id',
  'cybereason_id',
  'darktrace_id',
  'device',
  'domain',
  'email',
  'email_messageid',
  'email_subject',
  'file_name',
  'file_path',
  'google_chromebook_id',
  'google_cloud_id',
  'hostname',
  'imei',
  'imsi',
  'intune_id',
  'ip',
  'ipv6',
  'jamf_management_id',
  'mac_address',
  'md5',
  'meraki_network_id',
  'meraki_node_sn',
  'meraki_org_id',
  'ms_machine_id',
  'mutex',
  'ngfw_id',
  'ngfw_name',
  'odns_identity',
  'odns_identity_label',
  'orbital_node_id',
  'pki_serial',
  'process_args',
  'process_hash',
  'process_name',
  'process_path',
  'process_uid',
  'process_username',
  'processor_id',
  'registry_key',
  'registry_name',
  'registry_path',
  's1_agent_id',
  'secure_access_id',
  'serial_number',
  'service_now_id',
  'sha1',
  'sha256',
  'swc_device_id',
  'trend_micro_id',
  'url',
  'user',
  'user_agent',
];

describe('CTIM_OBSERVABLE_TYPES', () => {
  it('is exactly the 63 types of CTIM 1.3.28, in the contract order', () => {
    expect(CTIM_1_3_28_TYPES).toHaveLength(63);
    expect([...CTIM_OBSERVABLE_TYPES]).toEqual(CTIM_1_3_28_TYPES);
  });
});

describe(isCtimObservableType.name, () => {
  it.each(['ip', 'ipv6', 'domain', 'url', 'md5', 'sha1', 'sha256', 'email', 'hostname', 'user'])(
    'accepts %s',
    (t) => expect(isCtimObservableType(t)).toBe(true),
  );

  it.each<unknown>(['IP', 'ipv4', 'sha512', 'file', '', ' ip', 'toString', null, undefined, 1, {}])(
    'rejects %p',
    (t) => expect(isCtimObservableType(t)).toBe(false),
  );
});
