// Where the ACK OpenAPI lives: one regional endpoint per region, all under aliyuncs.com.

export const ALIBABA_ALLOWED_DOMAINS: readonly string[] = ['aliyuncs.com'];

/** `https://cs.{region}.aliyuncs.com` (the ACK `cs` product's regional endpoint). */
export function alibabaCsBaseUrl(region: string): string {
  return `https://cs.${region}.aliyuncs.com`;
}
