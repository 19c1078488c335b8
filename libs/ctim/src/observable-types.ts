/**
 * The closed list of CTIM observable types (threatgrid/ctim 1.3.28,
 * `vocabularies.cljc`), in the order the relay contract §9.2 lists them.
 */
export const CTIM_OBSERVABLE_TYPES = [
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
] as const;

/** One of the 63 CTIM observable types. */
export type CtimObservableType = (typeof CTIM_OBSERVABLE_TYPES)[number];

const CTIM_TYPE_SET: ReadonlySet<string> = new Set(CTIM_OBSERVABLE_TYPES);

/**
 * Whether `t` is a CTIM observable type (exact, case-sensitive).
 * @param t any value, typically an observable's `type` from a request body
 */
export function isCtimObservableType(t: unknown): t is CtimObservableType {
  return typeof t === 'string' && CTIM_TYPE_SET.has(t);
}

/**
 * A fresh CTIM observable `{type, value}` from `o`, or `null` when `o` has no
 * CTIM `type` or no string `value`. Other keys are left behind, since CTIM
 * maps are closed.
 */
export function toCtimObservable(o: unknown): { type: CtimObservableType; value: string } | null {
  if (typeof o !== 'object' || o === null) return null;
  const { type, value } = o as { type?: unknown; value?: unknown };
  return isCtimObservableType(type) && typeof value === 'string' ? { type, value } : null;
}
