// HuaweiCCE ExternalClient: connect binds spec + credentials; observe polls once.
//   - spec.taskID set: GET …/operation/upgrade/tasks/{taskID} only (ShowUpgradeClusterTask).
//   - otherwise: GET …/operation/upgradeworkflows (ListUpgradeWorkFlows); when the newest
//     workflow's Cluster point is running with a taskID, GET that task too for its progress.

import { PATTERNS } from '../../api/schema.js';
import { trimMessage } from '../common/classify.js';
import type { AccessKeyCredentials } from '../common/credentials.js';
import type { ConnectParams, ExternalClient, ObserveResult } from '../common/provider.js';
import { huaweiCallContext, huaweiGet } from '../huawei-common/request.js';
import { newestWorkflow, normalizeTask, normalizeWorkflow, runningClusterTaskId } from './normalize.js';
import { upgradeTaskSchema, workflowListSchema } from './schema.js';

const OPERATION_LIST_UPGRADE_WORK_FLOWS = 'ListUpgradeWorkFlows';
const OPERATION_SHOW_UPGRADE_CLUSTER_TASK = 'ShowUpgradeClusterTask';

function workflowsPath(projectID: string, clusterID: string): string {
  return `/api/v3/projects/${projectID}/clusters/${clusterID}/operation/upgradeworkflows`;
}

function taskPath(projectID: string, clusterID: string, taskID: string): string {
  return `/api/v3/projects/${projectID}/clusters/${clusterID}/operation/upgrade/tasks/${taskID}`;
}

/** Ids from a cloud's answer that go into a later request path (docs/reference.md#provider-huaweicce). */
const PATH_ID = new RegExp(PATTERNS.cloudID);

/** The Cluster point's taskID is refused before it reaches a path (`../x`, `a/b`, `?q`). */
function invalidTaskId(taskID: string): ObserveResult {
  return {
    ok: false,
    error: {
      class: 'InvalidResponse',
      message: trimMessage(
        `${OPERATION_LIST_UPGRADE_WORK_FLOWS}: Cluster point taskID ${JSON.stringify(taskID.slice(0, 80))} ` +
          `does not match ${PATTERNS.cloudID}`,
      ),
    },
  };
}

export function connectHuaweiCce(params: ConnectParams<AccessKeyCredentials>): ExternalClient {
  const { spec } = params;
  const context = huaweiCallContext('HuaweiCCE', params);
  const projectID = context.projectId;
  const getTask = (taskID: string, signal?: AbortSignal) =>
    huaweiGet(
      context,
      {
        operation: OPERATION_SHOW_UPGRADE_CLUSTER_TASK,
        path: taskPath(projectID, spec.clusterID, taskID),
        schema: upgradeTaskSchema,
      },
      signal,
    );

  return {
    async observe(signal?: AbortSignal): Promise<ObserveResult> {
      if (spec.taskID) {
        const task = await getTask(spec.taskID, signal);
        return task.ok ? { ok: true, observation: normalizeTask(task.value) } : task;
      }
      const list = await huaweiGet(
        context,
        {
          operation: OPERATION_LIST_UPGRADE_WORK_FLOWS,
          path: workflowsPath(projectID, spec.clusterID),
          schema: workflowListSchema,
        },
        signal,
      );
      if (!list.ok) return list;
      const workflow = newestWorkflow(list.value);
      if (!workflow) return { ok: true, observation: { phase: 'Idle' } };
      const taskID = runningClusterTaskId(workflow);
      if (!taskID) return { ok: true, observation: normalizeWorkflow(workflow) };
      if (!PATH_ID.test(taskID)) return invalidTaskId(taskID);
      const task = await getTask(taskID, signal);
      if (task.ok) return { ok: true, observation: normalizeWorkflow(workflow, task.value) };
      // The workflow is the source of truth; a task that has vanished only costs the fraction.
      // Any other failure is returned, so a transient error keeps the last known progress.
      if (task.error.class === 'NotFound') return { ok: true, observation: normalizeWorkflow(workflow) };
      return task;
    },
  };
}
