// Where the EKS and STS APIs live (docs/providers-next.md#aws-eks): one regional endpoint per
// region under amazonaws.com, and amazonaws.com.cn for the China partition (cn-north-1,
// cn-northwest-1).

export const AWS_ALLOWED_DOMAINS: readonly string[] = ['amazonaws.com', 'amazonaws.com.cn'];

function awsDomain(region: string): string {
  return region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
}

/** `https://eks.{region}.amazonaws.com`. */
export function eksBaseUrl(region: string): string {
  return `https://eks.${region}.${awsDomain(region)}`;
}

/** The regional STS endpoint, `https://sts.{region}.amazonaws.com` (the global one is `sts.amazonaws.com`). */
export function awsStsOrigin(region: string): string {
  return `https://sts.${region}.${awsDomain(region)}`;
}
