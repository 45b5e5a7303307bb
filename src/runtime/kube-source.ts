// ListStreamSource for a custom resource on a real apiserver: paged list through
// CustomObjectsApi, watch through client-node's streaming Watch (bookmarks on, server-side
// timeout), all namespaces or one, optional label selector.
import { CustomObjectsApi, Watch, type KubeConfig } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION, type ClusterUpgradeWatch } from '../api/types.js';
import { makeKeepAliveApiClient, type SharedAgentPool } from './kube-api-client.js';
import {
  Informer,
  stripUnreadFields,
  type InformerOptions,
  type KubeObject,
  type ListPage,
  type ListStreamSource,
} from './informer.js';

interface CustomResourceSourceOptions {
  group: string;
  version: string;
  plural: string;
  /** Only this namespace; all namespaces when undefined or ''. */
  namespace?: string;
  labelSelector?: string;
  /** List pages and the streaming watch share these keep-alive connections. */
  agents?: SharedAgentPool;
}

interface RawList<T> {
  items?: T[];
  metadata?: { resourceVersion?: string; continue?: string };
}

function customResourceSource<T extends KubeObject>(
  kubeConfig: KubeConfig,
  opts: CustomResourceSourceOptions,
): ListStreamSource<T> {
  const api = makeKeepAliveApiClient(kubeConfig, CustomObjectsApi, opts.agents);
  const streams = new Watch(opts.agents ? opts.agents.bind(kubeConfig) : kubeConfig);
  const { group, version, plural } = opts;
  const namespace = opts.namespace || undefined;
  const labelSelector = opts.labelSelector || undefined;
  const path = namespace
    ? `/apis/${group}/${version}/namespaces/${encodeURIComponent(namespace)}/${plural}`
    : `/apis/${group}/${version}/${plural}`;

  return {
    async list({ limit, continue: cont }) {
      const common = {
        group,
        version,
        plural,
        limit,
        ...(cont ? { _continue: cont } : {}),
        ...(labelSelector ? { labelSelector } : {}),
      };
      const raw = (await (namespace
        ? api.listNamespacedCustomObject({ ...common, namespace })
        : api.listClusterCustomObject(common))) as RawList<T>;
      const page: ListPage<T> = {
        items: raw.items ?? [],
        resourceVersion: raw.metadata?.resourceVersion ?? '',
      };
      if (raw.metadata?.continue) page.continue = raw.metadata.continue;
      return page;
    },
    async stream(resourceVersion, timeoutSeconds, onEvent, onDone) {
      const controller = await streams.watch(
        path,
        { resourceVersion, allowWatchBookmarks: true, timeoutSeconds, labelSelector },
        (type: string, object: unknown) => onEvent(type, object),
        (err: unknown) => onDone(err ?? undefined),
      );
      return { abort: () => controller.abort() };
    },
  };
}

interface WatchInformerOptions extends Omit<InformerOptions<ClusterUpgradeWatch>, 'source'> {
  namespace?: string;
  labelSelector?: string;
  agents?: SharedAgentPool;
}

/** List page size of the watch informer. A tenant can make each object ~1.5 MiB (etcd's
 *  request limit) with labels; pages of 50 bound one list response to ~75 MiB, and the cache
 *  transform drops the labels page by page (docs/reliability.md#8-multi-tenancy). */
const WATCH_LIST_PAGE_SIZE = 50;

/** The operator's informer over ClusterUpgradeWatches (upgradewatch.io/v1alpha1), caching only
 *  the fields the operator reads (stripUnreadFields). */
export function createWatchInformer(
  kubeConfig: KubeConfig,
  opts: WatchInformerOptions = {},
): Informer<ClusterUpgradeWatch> {
  const { namespace, labelSelector, agents, ...rest } = opts;
  const source = customResourceSource<ClusterUpgradeWatch>(kubeConfig, {
    group: GROUP,
    version: VERSION,
    plural: PLURAL,
    ...(namespace ? { namespace } : {}),
    ...(labelSelector ? { labelSelector } : {}),
    ...(agents ? { agents } : {}),
  });
  return new Informer({ transform: stripUnreadFields, pageSize: WATCH_LIST_PAGE_SIZE, ...rest, source });
}
