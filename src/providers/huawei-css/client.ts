// HuaweiCSS ExternalClient: reads every page of the upgrade detail list (at most 10) and
// normalizes the entry with the latest startTime.
//
// GET /v1.0/{projectID}/clusters/{clusterID}/upgrade/detail?offset=1&limit=10[&action_mode=AZ_MIGRATION]
// A version upgrade sends no `action_mode`: the API documents AZ_MIGRATION as its only value
// (docs/reference.md#provider-huaweicss) and refuses anything else with 400 CSS.0001.
// `offset` is the 1-based position of the first entry of a page ("1 = start from the first
// task"), so page n starts at 1 + (n-1)·limit. Paging stops at a short page, at `totalSize`,
// at a page that adds no new entry, or after 10 pages.

import type { ActionMode } from '../../api/types.js';
import type { AccessKeyCredentials } from '../common/credentials.js';
import type { ConnectParams, ExternalClient, ObserveResult } from '../common/provider.js';
import { huaweiCallContext, huaweiGet } from '../huawei-common/request.js';
import { DEFAULT_ACTION_MODE } from './descriptor.js';
import { normalizeDetails } from './normalize.js';
import { upgradeDetailPageSchema, type UpgradeDetail } from './schema.js';

/** The metrics `operation` label: the SDK's name of the API (docs/reference.md#metrics). */
const OPERATION_UPGRADE_DETAIL = 'UpgradeDetail';
const PAGE_LIMIT = 10;
export const MAX_PAGES = 10;

/** `action_mode` per spec.actionMode; undefined = the parameter is left out. */
const ACTION_MODE_QUERY: Record<ActionMode, string | undefined> = {
  Upgrading: undefined,
  AZMigration: 'AZ_MIGRATION',
};

/** The query of one page: `offset`, `limit`, and `action_mode` only for an AZ migration. */
export function detailQuery(mode: ActionMode | undefined, offset: number): Record<string, string> {
  const actionMode = ACTION_MODE_QUERY[mode ?? 'Upgrading'];
  return {
    offset: String(offset),
    limit: String(PAGE_LIMIT),
    ...(actionMode !== undefined ? { action_mode: actionMode } : {}),
  };
}

export function detailPath(projectID: string, clusterID: string): string {
  return `/v1.0/${projectID}/clusters/${clusterID}/upgrade/detail`;
}

function toCount(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

export function connectHuaweiCss(params: ConnectParams<AccessKeyCredentials>): ExternalClient {
  const { spec } = params;
  const context = huaweiCallContext('HuaweiCSS', params);
  const projectID = context.projectId;

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
            query: detailQuery(spec.actionMode, offset),
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
      return { ok: true, observation: normalizeDetails(details, spec.actionMode ?? DEFAULT_ACTION_MODE) };
    },
  };
}
