// HuaweiCSS ExternalClient: reads every page of the upgrade detail list (at most 10) and
// normalizes the entry with the latest startTime.
//
// GET /v1.0/{projectID}/clusters/{clusterID}/upgrade/detail?offset=1&limit=10&action_mode=UPGRADING
// `offset` is the 1-based position of the first entry of a page ("1 = start from the first
// task"), so page n starts at 1 + (n-1)·limit. Paging stops at a short page, at `totalSize`,
// at a page that adds no new entry, or after 10 pages.

import type { ActionMode } from '../../api/types.js';
import type { ConnectParams, ExternalClient, ObserveResult } from '../common/provider.js';
import { huaweiCallContext, huaweiGet } from '../huawei-common/request.js';
import { normalizeDetails } from './normalize.js';
import { upgradeDetailPageSchema, type UpgradeDetail } from './schema.js';

export const OPERATION_UPGRADE_DETAIL = 'ListClustersDetails';
export const PAGE_LIMIT = 10;
export const MAX_PAGES = 10;

const ACTION_MODE_QUERY: Record<ActionMode, string> = { Upgrading: 'UPGRADING', AZMigration: 'AZ_MIGRATION' };

export function actionModeQuery(mode: ActionMode | undefined): string {
  return ACTION_MODE_QUERY[mode ?? 'Upgrading'];
}

export function detailPath(projectID: string, clusterID: string): string {
  return `/v1.0/${projectID}/clusters/${clusterID}/upgrade/detail`;
}

function toCount(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export function createCssClient(params: ConnectParams): ExternalClient {
  const { spec } = params;
  const context = huaweiCallContext('HuaweiCSS', params);
  const projectID = context.projectId;
  const actionMode = actionModeQuery(spec.actionMode);

  return {
    async observe(signal?: AbortSignal): Promise<ObserveResult> {
      const details: UpgradeDetail[] = [];
      const seen = new Set<string>();
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const offset = 1 + page * PAGE_LIMIT;
        const result = await huaweiGet(
          context,
          {
            operation: OPERATION_UPGRADE_DETAIL,
            path: detailPath(projectID, spec.clusterID),
            query: { offset: String(offset), limit: String(PAGE_LIMIT), action_mode: actionMode },
            schema: upgradeDetailPageSchema,
          },
          signal,
        );
        if (!result.ok) return result;
        const entries = result.value.detailList ?? [];
        let added = 0;
        for (const entry of entries) {
          const key = entry.id ?? `#${offset}:${added}`;
          if (seen.has(key)) continue;
          seen.add(key);
          details.push(entry);
          added += 1;
        }
        const totalSize = toCount(result.value.totalSize);
        if (entries.length < PAGE_LIMIT || added === 0) break;
        if (totalSize !== undefined && offset - 1 + entries.length >= totalSize) break;
      }
      return { ok: true, observation: normalizeDetails(details, spec.actionMode ?? 'Upgrading') };
    },
  };
}
