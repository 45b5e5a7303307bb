// The provider contract, after Crossplane's ExternalClient: `connect` turns credentials and a
// spec into a client; `observe` polls the cloud once and returns a normalized Observation or a
// classified CloudError. Nothing here throws for cloud-side problems.

import type { ClusterUpgradeWatchSpec, Observation, ProviderName } from '../../api/types.js';
import type { Clock } from '../../runtime/clock.js';
import type { CloudError } from './errors.js';
import type { HttpTransport } from './transport.js';

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS / temporary-credential token. */
  securityToken?: string;
}

/** Called once per HTTP request a client makes, for metrics (operation = API name). */
export type RequestObserver = (event: {
  provider: ProviderName;
  operation: string;
  result: 'Success' | CloudError['class'];
  durationSeconds: number;
}) => void;

export interface ConnectParams {
  spec: ClusterUpgradeWatchSpec;
  credentials: Credentials;
  /** Base URL (scheme + host [+ port]) already resolved and vetted by ./endpoint.ts. */
  baseUrl: string;
  transport: HttpTransport;
  clock?: Clock;
  onRequest?: RequestObserver;
}

export type ObserveResult = { ok: true; observation: Observation } | { ok: false; error: CloudError };

export interface ExternalClient {
  observe(signal?: AbortSignal): Promise<ObserveResult>;
}

export interface ProviderFamily {
  name: ProviderName;
  /** Default base URL for a region, e.g. `https://cs.cn-hangzhou.aliyuncs.com`. */
  defaultBaseUrl(spec: ClusterUpgradeWatchSpec): string;
  /** Registrable domains a `spec.endpoint` must sit under without --allow-custom-endpoints. */
  allowedDomains: readonly string[];
  connect(params: ConnectParams): ExternalClient;
}
