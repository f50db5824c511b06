-- Reads the billing route of one live project or subproject of an account, changing nothing.
--
-- KEYS: 1 entities HASH of the account (see apply-request.lua and AccountKeys.java)
-- ARGV: 1 project or subproject id
--
-- Returns {projectId, subprojectId or "", billingAccountId, currency, kind}, or an empty array
-- when the account has no live project or subproject with that id.

local function load(id)
  local json = redis.call('HGET', KEYS[1], id)
  if not json then return nil end
  return cjson.decode(json)
end

local function live(doc, entity_type)
  return doc ~= nil and doc.entityType == entity_type and not doc.deleted
end

local id = ARGV[1]
local doc = load(id)
local subproject_id = ''
if live(doc, 'subproject') then
  subproject_id = id
  doc = load(doc.parentProjectId)
end
if not live(doc, 'project') then return {} end
local billing = load(doc.billingAccountId)
return {doc.projectId, subproject_id, doc.billingAccountId, billing.currency, billing.kind}
