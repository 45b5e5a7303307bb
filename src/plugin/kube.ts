// Reading ClusterUpgradeWatches for the plugin with kubectl's kubeconfig rules: --kubeconfig,
// else $KUBECONFIG (a list of files, merged), else ~/.kube/config, else in-cluster; --context
// else the current context; -n, else the context's namespace, else "default".

import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION, type ClusterUpgradeWatch } from '../api/types.js';
import { apiErrorCode, describeApiError } from '../runtime/kube-errors.js';

interface Target {
  kubeConfig: KubeConfig;
  /** undefined with --all-namespaces. */
  namespace: string | undefined;
}

export function loadTarget(opts: {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces: boolean;
}): Target {
  const kubeConfig = new KubeConfig();
  if (opts.kubeconfig) kubeConfig.loadFromFile(opts.kubeconfig);
  else kubeConfig.loadFromDefault();
  if (opts.context) {
    if (!kubeConfig.getContextObject(opts.context))
      throw new Error(`context "${opts.context}" does not exist`);
    kubeConfig.setCurrentContext(opts.context);
  }
  if (!kubeConfig.getCurrentCluster())
    throw new Error('no cluster in the kubeconfig (set KUBECONFIG or --kubeconfig)');
  const contextNamespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace;
  const namespace = opts.allNamespaces ? undefined : (opts.namespace ?? contextNamespace ?? 'default');
  return { kubeConfig, namespace };
}

/** What the plugin reads: one watch by name, or the watches of a namespace (or all). */
export interface WatchSource {
  get(namespace: string, name: string): Promise<ClusterUpgradeWatch | undefined>;
  list(namespace: string | undefined): Promise<ClusterUpgradeWatch[]>;
}

class PluginApiError extends Error {
  override readonly name = 'PluginApiError';
}

function failure(what: string, error: unknown): PluginApiError {
  return new PluginApiError(`${what}: ${describeApiError(error)}`);
}

export function kubeWatchSource(kubeConfig: KubeConfig): WatchSource {
  const api = kubeConfig.makeApiClient(CustomObjectsApi);
  const base = { group: GROUP, version: VERSION, plural: PLURAL };
  return {
    async get(namespace, name) {
      try {
        return (await api.getNamespacedCustomObject({ ...base, namespace, name })) as ClusterUpgradeWatch;
      } catch (error) {
        if (apiErrorCode(error) === 404) return undefined;
        throw failure(`getting ${namespace}/${name}`, error);
      }
    },
    async list(namespace) {
      try {
        const list = (
          namespace === undefined
            ? await api.listClusterCustomObject(base)
            : await api.listNamespacedCustomObject({ ...base, namespace })
        ) as { items?: ClusterUpgradeWatch[] };
        return list.items ?? [];
      } catch (error) {
        throw failure(`listing ${PLURAL}`, error);
      }
    },
  };
}
