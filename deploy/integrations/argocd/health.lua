-- Argo CD health check for upgradewatch.io/ClusterUpgradeWatch (docs/reference.md#conditions).
-- Install: argocd-cm-patch.yaml beside this file. Written for Argo CD's gopher-lua
-- (Lua 5.1) and tested with lua5.1 and lua5.4 (test/unit/packaging/argocd-health.test.ts).
--
--   no status / no conditions yet            -> Progressing "Waiting for first sync"
--   status older than the spec (generation)  -> Progressing
--   Synced False, reason Suspended           -> Suspended (spec.suspend: no cloud calls)
--   Stalled True (Failed, permanent error)   -> Degraded
--   phase Paused                             -> Suspended
--   Progressing True (Pending / Running)     -> Progressing
--   Ready True (Idle, Succeeded, Cancelled)  -> Healthy
--   Ready Unknown (phase Unknown, or no successful poll yet) -> Progressing / Unknown
-- A transient poll error (Synced False, other reasons) keeps the health of the last known
-- state and only adds to the message: the upgrade did not change because a poll failed.
local hs = {}

local function findCondition(conditions, conditionType)
  if conditions == nil then
    return nil
  end
  for _, condition in ipairs(conditions) do
    if condition.type == conditionType then
      return condition
    end
  end
  return nil
end

local function isStatus(condition, status)
  return condition ~= nil and condition.status == status
end

local function nonEmpty(text)
  return text ~= nil and text ~= ""
end

-- "Running 45%: Upgrading node pools (1.30.1 -> 1.31.1)"
local function describeUpgrade(status)
  local text = status.phase or "Unknown"
  if status.progress ~= nil then
    text = text .. " " .. tostring(status.progress) .. "%"
  end
  if nonEmpty(status.currentStep) then
    text = text .. ": " .. status.currentStep
  end
  if nonEmpty(status.fromVersion) and nonEmpty(status.toVersion) then
    text = text .. " (" .. status.fromVersion .. " -> " .. status.toVersion .. ")"
  elseif nonEmpty(status.toVersion) then
    text = text .. " (to " .. status.toVersion .. ")"
  end
  return text
end

local function conditionText(condition, fallback)
  if condition ~= nil and nonEmpty(condition.message) then
    return condition.message
  end
  if condition ~= nil and nonEmpty(condition.reason) then
    return condition.reason
  end
  return fallback
end

local status = obj.status
if status == nil or status.conditions == nil or #status.conditions == 0 then
  hs.status = "Progressing"
  hs.message = "Waiting for first sync"
  return hs
end

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
if generation ~= nil and status.observedGeneration ~= nil and status.observedGeneration < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local ready = findCondition(status.conditions, "Ready")
local progressing = findCondition(status.conditions, "Progressing")
local stalled = findCondition(status.conditions, "Stalled")
local synced = findCondition(status.conditions, "Synced")

if isStatus(synced, "False") and synced.reason == "Suspended" then
  hs.status = "Suspended"
  hs.message = "Polling suspended (spec.suspend); last known: " .. describeUpgrade(status)
  return hs
end

if isStatus(stalled, "True") then
  hs.status = "Degraded"
  hs.message = conditionText(stalled, "Stalled")
  if nonEmpty(stalled.reason) and hs.message ~= stalled.reason then
    hs.message = stalled.reason .. ": " .. hs.message
  end
  return hs
end

if status.phase == "Paused" then
  hs.status = "Suspended"
  hs.message = "Upgrade paused: " .. describeUpgrade(status)
elseif isStatus(progressing, "True") then
  hs.status = "Progressing"
  hs.message = describeUpgrade(status)
elseif isStatus(ready, "True") then
  hs.status = "Healthy"
  hs.message = conditionText(ready, describeUpgrade(status))
elseif isStatus(ready, "Unknown") and isStatus(synced, "False") then
  hs.status = "Progressing"
  hs.message = "Waiting for the first successful poll"
elseif isStatus(ready, "Unknown") then
  hs.status = "Unknown"
  hs.message = conditionText(ready, describeUpgrade(status))
else
  hs.status = "Degraded"
  hs.message = conditionText(ready, describeUpgrade(status))
end

-- Transient error: health stays that of the last known state; say why status may be stale.
if isStatus(synced, "False") then
  hs.message = hs.message .. "; last poll failed (" .. tostring(synced.reason) .. "): "
    .. conditionText(synced, "no details")
end
return hs
