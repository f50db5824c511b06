-- Applies one provisioning request to one account, atomically: idempotency check, every rule
-- check, then the writes. Redis runs a script without interleaving other commands and without
-- rollback, so every check comes before the first write and a rejected request changes nothing.
--
-- KEYS, all under the account's hash tag (their layout is documented in AccountKeys.java):
--   1 entities     HASH   entity id -> entity JSON; the account itself under field "account"
--   2 projects     ZSET   live project ids, scored by creation sequence
--   3 billing      ZSET   live billing account ids, scored by creation sequence
--   4 subprojects  ZSET   "<projectId>/<subprojectId>" of live subprojects, all score 0
--   5 links        ZSET   "<billingAccountId>/<projectId>" of live projects, all score 0
--   6 xrefs        HASH   "<projectId>/<externalRef>" -> subprojectId, live subprojects only
--   7 money        HASH   "<baId>:balance|owed|limit", "<id>:usage:<CUR>:amount|quantity|count",
--                         "<id>:currencies", "seq"; amounts are integers in micro-units
--   8 request      STRING idempotency record of this requestId; expires after the retention
--   9 usage        STRING requestId that recorded this usageId; expires after the retention
--
-- ARGV: 1 type, 2 fingerprint, 3 now (ISO-8601), 4 retention seconds, 5 max billing accounts,
--   6 max projects, 7 max subprojects per project, 8 accountId, 9.. type-specific (see below).
--   An optional argument is "" when absent; no valid value is ever empty.
--
-- An entity's version counts changes to its own fields and links; money moving (credits, charges,
-- usage totals) changes balances and totals without a new version.
--
-- Returns an array: status, code, reason, message, resource JSON or "", processedAt, replayed
-- ("1" when an earlier result is repeated), hint check, resolved route, then one (entity id,
-- changelog JSON) pair per entity whose state the request changed. The hint check is "VERIFIED"
-- or "STALE" when a usage record came with a billing route hint, else "". The resolved route is
-- {projectId, subprojectId or "", billingAccountId, currency, kind} when a usage record's route
-- was resolved from the documents, else an empty array.

local MAX_STORED_MICROS = 9000000000000000 -- below 2^53, so Lua numbers stay exact

local type_name = ARGV[1]
local fingerprint = ARGV[2]
local now = ARGV[3]
local retention = tonumber(ARGV[4])
local max_billing = tonumber(ARGV[5])
local max_projects = tonumber(ARGV[6])
local max_subprojects = tonumber(ARGV[7])
local account_id = ARGV[8]

local K_ENTITIES, K_PROJECTS, K_BILLING, K_SUBPROJECTS = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local K_LINKS, K_XREFS, K_MONEY, K_REQUEST, K_USAGE = KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]

local function opt(value)
  if value == nil or value == '' then return nil end
  return value
end

-- Number arguments are checked before a handler writes anything: a script that fails midway
-- keeps its earlier writes, because Redis has no rollback.
local function micros_arg(index)
  local value = tonumber(ARGV[index])
  if value == nil or value < 0 or value ~= math.floor(value) then
    error('ARGV[' .. index .. '] must be a non-negative integer')
  end
  return value
end

local function optional_micros(index)
  if ARGV[index] == '' then return nil end
  return micros_arg(index)
end

local function format_micros(micros)
  local whole = math.floor(micros / 1000000)
  local fraction = string.format('%06d', micros - whole * 1000000)
  fraction = string.gsub(fraction, '0+$', '')
  while string.len(fraction) < 2 do fraction = fraction .. '0' end
  return string.format('%d', whole) .. '.' .. fraction
end

local function money(field)
  return tonumber(redis.call('HGET', K_MONEY, field) or '0')
end

-- Documents read during this call, decoded once. A handler changes a document in place and
-- then saves it, so the copy here always equals what the entities hash holds.
local loaded = {}

local function load(id)
  local doc = loaded[id]
  if doc == nil then
    local json = redis.call('HGET', K_ENTITIES, id)
    doc = json and cjson.decode(json) or false
    loaded[id] = doc
  end
  return doc or nil
end

-- entityType tells the four kinds of document apart, so an id of one kind named where another
-- kind is expected is "not found".
local function live(doc, entity_type)
  return doc ~= nil and doc.entityType == entity_type and not doc.deleted
end

local function save(doc, id)
  redis.call('HSET', K_ENTITIES, id, cjson.encode(doc))
  loaded[id] = doc
end

local function next_sequence()
  return redis.call('HINCRBY', K_MONEY, 'seq', 1)
end

-- Views: what results show. Payer data stays out of results; the changelog keeps it.
local function usage_view(id)
  local list = redis.call('HGET', K_MONEY, id .. ':currencies')
  local usage = {}
  if list then
    for currency in string.gmatch(list, '[A-Z]+') do
      local prefix = id .. ':usage:' .. currency
      local totals = redis.call('HMGET', K_MONEY, prefix .. ':amount', prefix .. ':quantity',
        prefix .. ':count')
      table.insert(usage, {
        currency = currency,
        amount = format_micros(tonumber(totals[1] or '0')),
        quantity = string.format('%d', tonumber(totals[2] or '0')),
        records = string.format('%d', tonumber(totals[3] or '0'))})
    end
  end
  return usage
end

local function billing_view(doc, with_payer)
  local view = {}
  for k, v in pairs(doc) do
    if k ~= 'payer' or with_payer then view[k] = v end
  end
  view.balance = format_micros(money(doc.billingAccountId .. ':balance'))
  view.owed = format_micros(money(doc.billingAccountId .. ':owed'))
  local usage = usage_view(doc.billingAccountId)
  if #usage > 0 then view.usage = usage end
  return view
end

local function project_view(doc, id)
  local view = {}
  for k, v in pairs(doc) do view[k] = v end
  local usage = usage_view(id)
  if #usage > 0 then view.usage = usage end
  return view
end

local changed = {}
local hint_check = ''
local resolved_route = {}
local function changed_entity(id)
  table.insert(changed, id)
end

local function changelog_json(id)
  local doc = load(id)
  if doc == nil then return '' end
  if doc.entityType == 'account' then return cjson.encode(doc) end
  if doc.entityType == 'billingAccount' then return cjson.encode(billing_view(doc, true)) end
  return cjson.encode(project_view(doc, id))
end

local function changelog_pairs(ids)
  local out = {}
  for _, id in ipairs(ids) do
    local doc = load(id)
    local key = id
    if id == 'account' and doc then key = doc.accountId end
    table.insert(out, key)
    table.insert(out, changelog_json(id))
  end
  return out
end

local function finish(status, code, reason, message, resource)
  local resource_json = ''
  if resource ~= nil then resource_json = cjson.encode(resource) end
  local record = {f = fingerprint, s = status, c = code, r = reason or '', m = message,
                  x = resource_json, t = now, l = changed}
  redis.call('SET', K_REQUEST, cjson.encode(record), 'EX', retention)
  local reply = {status, code, reason or '', message, resource_json, now, '0', hint_check,
                 resolved_route}
  for _, item in ipairs(changelog_pairs(changed)) do table.insert(reply, item) end
  return reply
end

local function ok(message, resource)
  return finish('SUCCEEDED', 'OK', '', message, resource)
end

local function reject(code, reason, message, resource)
  changed = {}
  return finish('REJECTED', code, reason, message, resource)
end

local function not_found(reason, what, id)
  return reject('NOT_FOUND', reason, what .. ' ' .. id .. ' not found in account ' .. account_id)
end

-- Ids derive from accountId and requestId, so an entity with the new id exists only when this
-- same request was applied before and its idempotency record has expired since. Answering with
-- the entity keeps such a late retry from overwriting it.
local function already_created(what, id, view)
  return reject('ALREADY_EXISTS', 'ENTITY_EXISTS', what .. ' ' .. id ..
    ' already exists: this request was applied before its requestId was forgotten', view)
end

local function with_labels(doc, labels_json)
  if labels_json ~= nil then doc.labels = cjson.decode(labels_json) end
end

local function add_currency(id, currency)
  local field = id .. ':currencies'
  local list = redis.call('HGET', K_MONEY, field) or ''
  if not string.find(',' .. list .. ',', ',' .. currency .. ',', 1, true) then
    if list == '' then list = currency else list = list .. ',' .. currency end
    redis.call('HSET', K_MONEY, field, list)
  end
end

-- The limit is kept twice: as micro-units for the checks and as a decimal string for views.
local function set_credit_limit(doc, credit_limit)
  if credit_limit == nil then return end
  redis.call('HSET', K_MONEY, doc.billingAccountId .. ':limit', credit_limit)
  doc.creditLimit = format_micros(tonumber(credit_limit))
end

local function new_billing_doc(id, display_name, kind, currency, payer, credit_limit)
  local doc = {entityType = 'billingAccount', billingAccountId = id, accountId = account_id,
               displayName = display_name, kind = kind, currency = currency, payer = payer,
               createTime = now, updateTime = now, version = 1, deleted = false}
  set_credit_limit(doc, credit_limit)
  return doc
end

local function insert_billing(doc)
  save(doc, doc.billingAccountId)
  redis.call('ZADD', K_BILLING, next_sequence(), doc.billingAccountId)
  changed_entity(doc.billingAccountId)
end

local function insert_project(id, display_name, billing_id, labels_json)
  local doc = {entityType = 'project', projectId = id, accountId = account_id,
               billingAccountId = billing_id,
               displayName = display_name, createTime = now, updateTime = now, version = 1,
               deleted = false}
  with_labels(doc, labels_json)
  save(doc, id)
  redis.call('ZADD', K_PROJECTS, next_sequence(), id)
  redis.call('ZADD', K_LINKS, 0, billing_id .. '/' .. id)
  changed_entity(id)
  return doc
end

local function lex_members(key, prefix)
  return redis.call('ZRANGEBYLEX', key, '[' .. prefix .. '/', '[' .. prefix .. '/\255')
end

local function lex_count(key, prefix)
  return redis.call('ZLEXCOUNT', key, '[' .. prefix .. '/', '[' .. prefix .. '/\255')
end

local function strip_prefix(member)
  return string.sub(member, string.find(member, '/', 1, true) + 1)
end

local function touch(doc)
  doc.version = doc.version + 1
  doc.updateTime = now
end

local function tombstone(doc)
  touch(doc)
  doc.deleted = true
  doc.deleteTime = now
end

-- Request types -------------------------------------------------------------------------------

local handlers = {}

handlers['account.create'] = function()
  -- ARGV: 9 displayName, 10 billingAccountId, 11 billing displayName, 12 kind, 13 currency,
  -- 14 payer name, 15 payer address, 16 payer taxId, 17 creditLimit, 18 projectId,
  -- 19 project displayName
  local credit_limit = optional_micros(17)
  local existing = load('account')
  if existing ~= nil then
    return reject('ALREADY_EXISTS', 'ACCOUNT_EXISTS', 'account ' .. account_id .. ' already exists',
      {account = existing})
  end
  local account = {entityType = 'account', accountId = account_id, displayName = ARGV[9],
                   createTime = now, updateTime = now, version = 1, deleted = false}
  save(account, 'account')
  changed_entity('account')
  local payer = {name = ARGV[14], address = ARGV[15], taxId = ARGV[16]}
  local billing = new_billing_doc(ARGV[10], opt(ARGV[11]) or ARGV[9], ARGV[12], ARGV[13], payer,
    credit_limit)
  insert_billing(billing)
  local project = insert_project(ARGV[18], ARGV[19], billing.billingAccountId, nil)
  return ok('account created with its first billing account and project',
    {account = account, billingAccount = billing_view(billing, false),
     project = project_view(project, project.projectId)})
end

handlers['billing-account.create'] = function()
  -- ARGV: 9 billingAccountId, 10 displayName, 11 kind, 12 currency, 13 payer name,
  -- 14 payer address, 15 payer taxId, 16 creditLimit
  local credit_limit = optional_micros(16)
  local existing = load(ARGV[9])
  if existing ~= nil then
    return already_created('billing account', ARGV[9], billing_view(existing, false))
  end
  if redis.call('ZCARD', K_BILLING) >= max_billing then
    return reject('RESOURCE_EXHAUSTED', 'LIMIT_EXCEEDED',
      'account ' .. account_id .. ' has reached its limit of ' .. max_billing .. ' billing accounts')
  end
  local payer = {name = ARGV[13], address = ARGV[14], taxId = ARGV[15]}
  local doc = new_billing_doc(ARGV[9], ARGV[10], ARGV[11], ARGV[12], payer, credit_limit)
  insert_billing(doc)
  return ok('billing account created', billing_view(doc, false))
end

handlers['billing-account.update'] = function()
  -- ARGV: 9 billingAccountId, 10 displayName, 11 "1" when a payer follows, 12 payer name,
  -- 13 payer address, 14 payer taxId, 15 creditLimit
  local id = ARGV[9]
  local credit_limit = optional_micros(15)
  local doc = load(id)
  if not live(doc, 'billingAccount') then
    return not_found('BILLING_ACCOUNT_NOT_FOUND', 'billing account', id)
  end
  if credit_limit ~= nil and doc.kind ~= 'POSTPAID' then
    return reject('FAILED_PRECONDITION', 'WRONG_BILLING_KIND',
      'billing account ' .. id .. ' is ' .. doc.kind .. '; only POSTPAID accounts take a creditLimit')
  end
  if opt(ARGV[10]) then doc.displayName = ARGV[10] end
  if ARGV[11] == '1' then doc.payer = {name = ARGV[12], address = ARGV[13], taxId = ARGV[14]} end
  set_credit_limit(doc, credit_limit)
  touch(doc)
  save(doc, id)
  changed_entity(id)
  return ok('billing account updated', billing_view(doc, false))
end

handlers['billing-account.credit'] = function()
  -- ARGV: 9 billingAccountId, 10 amount, 11 currency
  local id, amount, currency = ARGV[9], micros_arg(10), ARGV[11]
  local doc = load(id)
  if not live(doc, 'billingAccount') then
    return not_found('BILLING_ACCOUNT_NOT_FOUND', 'billing account', id)
  end
  if doc.currency ~= currency then
    return reject('FAILED_PRECONDITION', 'CURRENCY_MISMATCH',
      'billing account ' .. id .. ' is in ' .. doc.currency .. ', not ' .. currency)
  end
  local owed = money(id .. ':owed')
  local paid_down = math.min(owed, amount)
  local to_balance = amount - paid_down
  if doc.kind == 'POSTPAID' then to_balance = 0 end
  if doc.kind == 'POSTPAID' and amount > owed then
    return reject('FAILED_PRECONDITION', 'CREDIT_EXCEEDS_OWED',
      'postpaid billing account ' .. id .. ' owes ' .. format_micros(owed) ..
      '; a credit may pay down at most that')
  end
  if money(id .. ':balance') + to_balance > MAX_STORED_MICROS then
    return reject('RESOURCE_EXHAUSTED', 'AMOUNT_LIMIT_EXCEEDED',
      'billing account ' .. id .. ' balance would pass the largest stored amount')
  end
  if paid_down > 0 then redis.call('HINCRBY', K_MONEY, id .. ':owed', -paid_down) end
  if to_balance > 0 then redis.call('HINCRBY', K_MONEY, id .. ':balance', to_balance) end
  changed_entity(id)
  return ok('billing account credited', billing_view(doc, false))
end

handlers['billing-account.delete'] = function()
  -- ARGV: 9 billingAccountId
  local id = ARGV[9]
  local doc = load(id)
  if not live(doc, 'billingAccount') then
    return not_found('BILLING_ACCOUNT_NOT_FOUND', 'billing account', id)
  end
  -- The last billing account always pays for at least one project, so this check comes before
  -- the link check: asking to relink those projects first would be advice no one can follow.
  if redis.call('ZCARD', K_BILLING) <= 1 then
    return reject('FAILED_PRECONDITION', 'LAST_BILLING_ACCOUNT',
      'billing account ' .. id .. ' is the last one of account ' .. account_id)
  end
  local linked = lex_members(K_LINKS, id)
  if #linked > 0 then
    local projects = {}
    for i, member in ipairs(linked) do
      if i > 20 then break end
      table.insert(projects, strip_prefix(member))
    end
    return reject('FAILED_PRECONDITION', 'BILLING_ACCOUNT_IN_USE',
      'billing account ' .. id .. ' pays for ' .. #linked .. ' project(s): ' ..
      table.concat(projects, ', ') .. '; link them to another billing account first',
      {billingAccountId = id, linkedProjectIds = projects, linkedProjectCount = #linked})
  end
  tombstone(doc)
  save(doc, id)
  redis.call('ZREM', K_BILLING, id)
  changed_entity(id)
  return ok('billing account deleted', billing_view(doc, false))
end

handlers['project.create'] = function()
  -- ARGV: 9 projectId, 10 displayName, 11 billingAccountId, 12 labels JSON
  local id, billing_id = ARGV[9], opt(ARGV[11])
  local existing = load(id)
  if existing ~= nil then
    return already_created('project', id, project_view(existing, id))
  end
  if billing_id == nil then
    billing_id = redis.call('ZRANGE', K_BILLING, 0, 0)[1]
  elseif not live(load(billing_id), 'billingAccount') then
    return not_found('BILLING_ACCOUNT_NOT_FOUND', 'billing account', billing_id)
  end
  if redis.call('ZCARD', K_PROJECTS) >= max_projects then
    return reject('RESOURCE_EXHAUSTED', 'LIMIT_EXCEEDED',
      'account ' .. account_id .. ' has reached its limit of ' .. max_projects .. ' projects')
  end
  local doc = insert_project(id, ARGV[10], billing_id, opt(ARGV[12]))
  return ok('project created', project_view(doc, id))
end

-- project.update and subproject.update change the same two fields of their entity.
-- ARGV: 9 entity id, 10 displayName, 11 labels JSON (replaces all labels)
local function update_names(entity_type, reason, what)
  local id = ARGV[9]
  local doc = load(id)
  if not live(doc, entity_type) then
    return not_found(reason, what, id)
  end
  if opt(ARGV[10]) then doc.displayName = ARGV[10] end
  with_labels(doc, opt(ARGV[11]))
  touch(doc)
  save(doc, id)
  changed_entity(id)
  return ok(what .. ' updated', project_view(doc, id))
end

handlers['project.update'] = function()
  return update_names('project', 'PROJECT_NOT_FOUND', 'project')
end

handlers['project.link-billing-account'] = function()
  -- ARGV: 9 projectId, 10 billingAccountId
  local id, billing_id = ARGV[9], ARGV[10]
  local doc = load(id)
  if not live(doc, 'project') then
    return not_found('PROJECT_NOT_FOUND', 'project', id)
  end
  if not live(load(billing_id), 'billingAccount') then
    return not_found('BILLING_ACCOUNT_NOT_FOUND', 'billing account', billing_id)
  end
  if doc.billingAccountId ~= billing_id then
    redis.call('ZREM', K_LINKS, doc.billingAccountId .. '/' .. id)
    redis.call('ZADD', K_LINKS, 0, billing_id .. '/' .. id)
    doc.billingAccountId = billing_id
    touch(doc)
    save(doc, id)
    changed_entity(id)
  end
  return ok('project linked to billing account ' .. billing_id, project_view(doc, id))
end

handlers['project.delete'] = function()
  -- ARGV: 9 projectId, 10 "1" to cascade
  local id, cascade = ARGV[9], ARGV[10] == '1'
  local doc = load(id)
  if not live(doc, 'project') then
    return not_found('PROJECT_NOT_FOUND', 'project', id)
  end
  if redis.call('ZCARD', K_PROJECTS) <= 1 then
    return reject('FAILED_PRECONDITION', 'LAST_PROJECT',
      'project ' .. id .. ' is the last one of account ' .. account_id)
  end
  local children = lex_members(K_SUBPROJECTS, id)
  if #children > 0 and not cascade then
    return reject('FAILED_PRECONDITION', 'HAS_SUBPROJECTS',
      'project ' .. id .. ' has ' .. #children .. ' live subproject(s); set cascade to delete them too')
  end
  for _, member in ipairs(children) do
    local sub_id = strip_prefix(member)
    local sub = load(sub_id)
    if sub.externalRef ~= nil then redis.call('HDEL', K_XREFS, id .. '/' .. sub.externalRef) end
    tombstone(sub)
    save(sub, sub_id)
    redis.call('ZREM', K_SUBPROJECTS, member)
    changed_entity(sub_id)
  end
  tombstone(doc)
  save(doc, id)
  redis.call('ZREM', K_PROJECTS, id)
  redis.call('ZREM', K_LINKS, doc.billingAccountId .. '/' .. id)
  changed_entity(id)
  local view = project_view(doc, id)
  view.deletedSubprojectCount = #children
  return ok('project deleted with ' .. #children .. ' subproject(s)', view)
end

handlers['subproject.create'] = function()
  -- ARGV: 9 subprojectId, 10 parentProjectId, 11 displayName, 12 externalRef, 13 labels JSON
  local id, parent_id, external_ref = ARGV[9], ARGV[10], opt(ARGV[12])
  local existing = load(id)
  if existing ~= nil then
    return already_created('subproject', id, project_view(existing, id))
  end
  local parent = load(parent_id)
  if not live(parent, 'project') then
    return reject('NOT_FOUND', 'PARENT_NOT_FOUND',
      'parent project ' .. parent_id .. ' not found in account ' .. account_id)
  end
  if external_ref ~= nil then
    local existing_id = redis.call('HGET', K_XREFS, parent_id .. '/' .. external_ref)
    if existing_id then
      local existing = load(existing_id)
      return reject('ALREADY_EXISTS', 'EXTERNAL_REF_TAKEN',
        'project ' .. parent_id .. ' already has subproject ' .. existing_id ..
        ' with this externalRef', project_view(existing, existing_id))
    end
  end
  if lex_count(K_SUBPROJECTS, parent_id) >= max_subprojects then
    return reject('RESOURCE_EXHAUSTED', 'LIMIT_EXCEEDED', 'project ' .. parent_id ..
      ' has reached its limit of ' .. max_subprojects .. ' subprojects')
  end
  local doc = {entityType = 'subproject', subprojectId = id, accountId = account_id,
               parentProjectId = parent_id,
               displayName = ARGV[11], externalRef = external_ref, createTime = now,
               updateTime = now, version = 1, deleted = false}
  with_labels(doc, opt(ARGV[13]))
  save(doc, id)
  redis.call('ZADD', K_SUBPROJECTS, 0, parent_id .. '/' .. id)
  if external_ref ~= nil then redis.call('HSET', K_XREFS, parent_id .. '/' .. external_ref, id) end
  changed_entity(id)
  return ok('subproject created', project_view(doc, id))
end

handlers['subproject.update'] = function()
  return update_names('subproject', 'SUBPROJECT_NOT_FOUND', 'subproject')
end

handlers['subproject.delete'] = function()
  -- ARGV: 9 subprojectId
  local id = ARGV[9]
  local doc = load(id)
  if not live(doc, 'subproject') then
    return not_found('SUBPROJECT_NOT_FOUND', 'subproject', id)
  end
  if doc.externalRef ~= nil then
    redis.call('HDEL', K_XREFS, doc.parentProjectId .. '/' .. doc.externalRef)
  end
  redis.call('ZREM', K_SUBPROJECTS, doc.parentProjectId .. '/' .. id)
  tombstone(doc)
  save(doc, id)
  changed_entity(id)
  return ok('subproject deleted', project_view(doc, id))
end

local function add_usage(id, currency, amount, quantity)
  local prefix = id .. ':usage:' .. currency
  redis.call('HINCRBY', K_MONEY, prefix .. ':amount', amount)
  redis.call('HINCRBY', K_MONEY, prefix .. ':quantity', quantity)
  redis.call('HINCRBY', K_MONEY, prefix .. ':count', 1)
  add_currency(id, currency)
end

-- Checks the billing route hint of a usage record without decoding a document. A member of the
-- subprojects set proves that the subproject is live under that project, and a member of the
-- links set proves that the project is live and links to that billing account. A linked billing
-- account cannot be deleted, and its currency and kind are fixed at creation, so the hint's
-- currency and kind still hold. Returns the route, false when the hint is stale, or nil when no
-- hint was sent.
local function verified_route(project_id, subproject_id)
  -- ARGV: 17 hint projectId, 18 hint billingAccountId, 19 hint currency, 20 hint kind
  local hint_project, hint_billing = opt(ARGV[17]), opt(ARGV[18])
  if hint_project == nil or hint_billing == nil then return nil end
  if subproject_id ~= nil then
    if not redis.call('ZSCORE', K_SUBPROJECTS, hint_project .. '/' .. subproject_id) then
      return false
    end
  elseif hint_project ~= project_id then
    return false
  end
  if not redis.call('ZSCORE', K_LINKS, hint_billing .. '/' .. hint_project) then return false end
  return {project_id = hint_project, billing_id = hint_billing, currency = ARGV[19],
          kind = ARGV[20]}
end

-- Resolves the route from the subproject, project and billing account documents. Returns the
-- route, or nil and the rejection.
local function loaded_route(project_id, subproject_id)
  if subproject_id ~= nil then
    local sub = load(subproject_id)
    if not live(sub, 'subproject') then
      return nil, not_found('SUBPROJECT_NOT_FOUND', 'subproject', subproject_id)
    end
    project_id = sub.parentProjectId
  end
  local project = load(project_id)
  if not live(project, 'project') then
    return nil, not_found('PROJECT_NOT_FOUND', 'project', project_id)
  end
  local billing = load(project.billingAccountId)
  resolved_route = {project_id, subproject_id or '', project.billingAccountId, billing.currency,
                    billing.kind}
  return {project_id = project_id, billing_id = project.billingAccountId,
          currency = billing.currency, kind = billing.kind}
end

handlers['usage.record'] = function()
  -- ARGV: 9 usageId, 10 projectId, 11 subprojectId, 12 amount, 13 currency, 14 quantity,
  -- 15 product, 16 requestId, 17-20 billing route hint (see verified_route)
  local usage_id, project_id, subproject_id = ARGV[9], opt(ARGV[10]), opt(ARGV[11])
  local amount, currency, quantity, product = micros_arg(12), ARGV[13], micros_arg(14),
    opt(ARGV[15])
  local recorded_by = redis.call('GET', K_USAGE)
  if recorded_by then
    return reject('ALREADY_EXISTS', 'USAGE_ALREADY_RECORDED',
      'usage ' .. usage_id .. ' was already recorded by request ' .. recorded_by)
  end
  local route = verified_route(project_id, subproject_id)
  if route then
    hint_check = 'VERIFIED'
  else
    if route == false then hint_check = 'STALE' end
    local rejection
    route, rejection = loaded_route(project_id, subproject_id)
    if route == nil then return rejection end
  end
  project_id = route.project_id
  local billing_id, kind = route.billing_id, route.kind
  if route.currency ~= currency then
    return reject('FAILED_PRECONDITION', 'CURRENCY_MISMATCH', 'billing account ' .. billing_id ..
      ' of project ' .. project_id .. ' is in ' .. route.currency .. ', not ' .. currency)
  end
  -- Usage totals only grow, so without this bound they would pass 2^53, where Lua numbers and
  -- format_micros stop being exact.
  local charged = {billing_id, project_id, subproject_id}
  for _, id in ipairs(charged) do
    local prefix = id .. ':usage:' .. currency
    if money(prefix .. ':amount') + amount > MAX_STORED_MICROS
        or money(prefix .. ':quantity') + quantity > MAX_STORED_MICROS then
      return reject('RESOURCE_EXHAUSTED', 'AMOUNT_LIMIT_EXCEEDED', 'usage total of ' .. id ..
        ' in ' .. currency .. ' would pass the largest stored amount')
    end
  end
  local balance, owed = money(billing_id .. ':balance'), money(billing_id .. ':owed')
  if kind == 'PREPAID' then
    if amount > balance then
      return reject('FAILED_PRECONDITION', 'INSUFFICIENT_FUNDS', 'prepaid billing account ' ..
        billing_id .. ' has ' .. format_micros(balance) .. ' ' .. currency .. ', the charge is ' ..
        format_micros(amount))
    end
    redis.call('HINCRBY', K_MONEY, billing_id .. ':balance', -amount)
  else
    local limit = redis.call('HGET', K_MONEY, billing_id .. ':limit')
    if limit then
      if owed + amount > tonumber(limit) then
        return reject('FAILED_PRECONDITION', 'CREDIT_LIMIT_EXCEEDED', 'postpaid billing account ' ..
          billing_id .. ' owes ' .. format_micros(owed) .. ' of a ' ..
          format_micros(tonumber(limit)) .. ' credit limit; the charge is ' ..
          format_micros(amount))
      end
    end
    if owed + amount > MAX_STORED_MICROS then
      return reject('RESOURCE_EXHAUSTED', 'AMOUNT_LIMIT_EXCEEDED',
        'billing account ' .. billing_id .. ' amount owed would pass the largest stored amount')
    end
    redis.call('HINCRBY', K_MONEY, billing_id .. ':owed', amount)
  end
  add_usage(billing_id, currency, amount, quantity)
  add_usage(project_id, currency, amount, quantity)
  changed_entity(billing_id)
  changed_entity(project_id)
  if subproject_id ~= nil then
    add_usage(subproject_id, currency, amount, quantity)
    changed_entity(subproject_id)
  end
  redis.call('SET', K_USAGE, ARGV[16], 'EX', retention)
  local charge = {usageId = usage_id, accountId = account_id, projectId = project_id,
                  subprojectId = subproject_id, billingAccountId = billing_id, kind = kind,
                  currency = currency, amount = format_micros(amount), quantity = quantity,
                  product = product, balance = format_micros(money(billing_id .. ':balance')),
                  owed = format_micros(money(billing_id .. ':owed'))}
  return ok('usage charged to billing account ' .. billing_id, charge)
end

-- Entry point ---------------------------------------------------------------------------------

-- Redis has no rollback, so a key of the wrong type must be found before the first write: the
-- failing command would otherwise keep every write the handler made before it.
local KEY_TYPES = {'hash', 'zset', 'zset', 'zset', 'zset', 'hash', 'hash', 'string', 'string'}
for index, expected in ipairs(KEY_TYPES) do
  local actual = redis.call('TYPE', KEYS[index]).ok
  if actual ~= 'none' and actual ~= expected then
    return redis.error_reply('WRONGTYPE ' .. KEYS[index] .. ' is a ' .. actual .. ', expected a ' ..
      expected .. '; the account state is damaged and needs repair')
  end
end

local stored = redis.call('GET', K_REQUEST)
if stored then
  local record = cjson.decode(stored)
  if record.f ~= fingerprint then
    return {'REJECTED', 'FAILED_PRECONDITION', 'IDEMPOTENCY_KEY_REUSED',
      'requestId was used before with a different payload; use a new requestId', '', now, '0',
      '', {}}
  end
  local reply = {record.s, record.c, record.r, record.m, record.x, record.t, '1', '', {}}
  for _, item in ipairs(changelog_pairs(record.l)) do table.insert(reply, item) end
  return reply
end

local handler = handlers[type_name]
if handler == nil then
  return redis.error_reply('ERR unknown request type ' .. tostring(type_name))
end
if type_name ~= 'account.create' and redis.call('HEXISTS', K_ENTITIES, 'account') == 0 then
  return reject('NOT_FOUND', 'ACCOUNT_NOT_FOUND', 'account ' .. account_id .. ' not found')
end
return handler()
