// Huawei Cloud endpoint hosts (docs/reference.md#provider-huaweicce, docs/reference.md#provider-huaweicss) and the domains a `spec.endpoint` may use (docs/reference.md#endpoint-rules).

/** Registrable domains of Huawei Cloud endpoints; `.eu` is the sovereign European cloud. */
export const HUAWEI_ALLOWED_DOMAINS: readonly string[] = ['myhuaweicloud.com', 'myhuaweicloud.eu'];

/** Regions served from the `.eu` domain. */
const EU_DOMAIN_REGIONS: ReadonlySet<string> = new Set(['eu-west-101']);

/** Regions whose CSS endpoint keeps the service's historical name `es`. */
const CSS_LEGACY_ES_REGIONS: ReadonlySet<string> = new Set(['cn-north-1', 'cn-east-2']);

/** The registrable domain that serves `region`: `myhuaweicloud.eu` for the European cloud. */
export function domainFor(region: string): string {
  return EU_DOMAIN_REGIONS.has(region) ? 'myhuaweicloud.eu' : 'myhuaweicloud.com';
}

/** `cce.{region}.myhuaweicloud.com`, or `.myhuaweicloud.eu` for `eu-west-101`. */
export function cceHost(region: string): string {
  return `cce.${region}.${domainFor(region)}`;
}

/** `css.{region}.myhuaweicloud.com`, or `es.{region}…` in `cn-north-1` and `cn-east-2`. */
export function cssHost(region: string): string {
  const service = CSS_LEGACY_ES_REGIONS.has(region) ? 'es' : 'css';
  return `${service}.${region}.${domainFor(region)}`;
}
