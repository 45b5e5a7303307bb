// The provider's name. Until the registry (../names.ts) lists 'AWSEKS', the operator's types
// (ProviderName) do not know it: AWS_EKS_PROVIDER is the one place that says "treat it as a
// registered name" (metrics, the simulator's routes). Registration replaces the cast with
// `AWS_EKS` from ../names.ts.

import type { ProviderName } from '../names.js';

export const AWS_EKS = 'AWSEKS' as const;

export const AWS_EKS_PROVIDER = AWS_EKS as string as ProviderName;
