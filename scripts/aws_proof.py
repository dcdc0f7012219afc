"""What `scripts/preview down` asks AWS itself after a destroy: is anything of the environment left?
Works against a real account and the local emulator alike (boto3 honours AWS_ENDPOINT_URL)."""
import os
import re

import boto3

import inventory

REGION = os.environ.get("AWS_REGION", os.environ.get("AWS_DEFAULT_REGION", "us-east-1"))


def client(service):
    return boto3.client(service, region_name=REGION)


def _revisions(ecs, family, status):
    arns = []
    for page in ecs.get_paginator("list_task_definitions").paginate(familyPrefix=family, status=status):
        # familyPrefix is a prefix: task-web-pr-1 also lists task-web-pr-10.
        arns += [arn for arn in page["taskDefinitionArns"] if arn.rsplit("/", 1)[-1].rsplit(":", 1)[0] == family]
    return arns


def remove_task_definitions(families):
    """Deregisters and deletes every revision of the families. Terraform deregisters only the
    revision in its state; those CodeDeploy and the pipeline registered stay ACTIVE, and a
    deregistered revision stays listed (INACTIVE) until it is deleted."""
    ecs = client("ecs")
    removed = []
    for family in sorted(families):
        for arn in _revisions(ecs, family, "ACTIVE"):
            ecs.deregister_task_definition(taskDefinition=arn)
            removed.append(arn)
        inactive = _revisions(ecs, family, "INACTIVE")
        for start in range(0, len(inactive), 10):
            ecs.delete_task_definitions(taskDefinitions=inactive[start:start + 10])
    return removed


def _tagged(environment):
    """ARNs the Resource Groups Tagging API finds tagged Environment=<environment> (the provider's
    default tags)."""
    found = []
    for page in client("resourcegroupstaggingapi").get_paginator("get_resources").paginate(
            TagFilters=[{"Key": "Environment", "Values": [environment]}]):
        found += [resource["ResourceARN"] for resource in page["ResourceTagMappingList"]]
    return sorted(found)


def _listed_as(arn):
    """(inventory kind, id) under which the services' own listing shows the resource while it is live,
    for the kinds that stay visible to the tagging API for a while after deletion: NAT gateways
    (state deleted), ECS clusters and services (INACTIVE), KMS keys (pending deletion)."""
    service, resource = arn.split(":")[2], arn.split(":", 5)[5]
    if service == "ec2" and resource.startswith("natgateway/"):
        return "ec2:nat-gateway", resource.split("/", 1)[1]
    if service == "ecs" and resource.startswith(("cluster/", "service/")):
        return "ecs:" + resource.split("/", 1)[0], arn
    if service == "kms" and resource.startswith("key/"):
        return "kms:key", resource.split("/", 1)[1]
    return None


def left_over(environment, held, state):
    """Lines naming what is left of the environment; empty when it is gone."""
    listed = inventory.inventory()
    left = []
    for arn in _tagged(environment):
        listing = _listed_as(arn)
        if listing is None or listing[1] in listed.get(listing[0], []):
            left.append(f"tagged Environment={environment}: {arn}")
    for kind, ids in listed.items():
        for identifier in ids:
            if identifier in held.identifiers:
                left.append(f"{kind} {identifier} (was in the environment's state)")
            elif kind == "ecs:task-definition" and identifier.rsplit("/", 1)[-1].rsplit(":", 1)[0] in held.task_definition_families:
                left.append(f"{kind} {identifier} (a revision of the environment's task definition family)")
    bucket, prefix = state
    for page in client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/{environment}/"):
        left += [f"state object s3://{bucket}/{o['Key']}" for o in page.get("Contents", [])]
    return left


def preview_workspaces(bucket, prefix):
    """{pr-N: newest LastModified} of the state objects under <prefix>/pr-N/ in the state bucket."""
    changed = {}
    for page in client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/pr-"):
        for o in page.get("Contents", []):
            workspace = o["Key"][len(prefix) + 1:].split("/", 1)[0]
            if re.fullmatch(r"pr-[1-9][0-9]*", workspace):
                changed[workspace] = max(changed.get(workspace, o["LastModified"]), o["LastModified"])
    return changed
