"""What `scripts/preview down` asks AWS itself after a destroy: is anything of the environment left?
Works against a real account and the local emulator alike (boto3 honours AWS_ENDPOINT_URL).

As a command, for an environment torn down some other way (any workspace, not only pr-N):
  terraform state pull > before/<stack>.json    (in each stack's directory and workspace, before the destroy)
  python3 scripts/aws_proof.py ENVIRONMENT before/*.json
reads and reports only: what is left (tagged Environment=ENVIRONMENT, any id the states held, every
revision of the task definition families those states held, state objects), exiting 1, or that the
environment is gone. Deployments register task definition revisions Terraform never sees, and a
deregistered one stays listed until deleted: with --clean it first deletes those revisions, the
clean-up `preview down` does after its destroys, and says which.
"""
import json
import os
import re
import sys
import urllib.parse

import botocore.exceptions

import inventory
from aws_env import ROOT, client


AWS_ERRORS = (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError)


def explain(error):
    """The one line a user needs for an AWS_ERRORS error that stops a command."""
    if isinstance(error, botocore.exceptions.NoCredentialsError):
        return ("no AWS credentials found: configure them as for the AWS CLI (AWS_PROFILE, AWS_ACCESS_KEY_ID, ...), or, "
                "for the local emulator, use the exports `KEEP_EMULATOR=1 scripts/local-deploy.sh` prints")
    if isinstance(error, botocore.exceptions.EndpointConnectionError):
        if os.environ.get("AWS_ENDPOINT_URL"):
            return f"cannot reach AWS_ENDPOINT_URL={os.environ['AWS_ENDPOINT_URL']}: is the emulator it names running?"
        endpoint = urllib.parse.urlsplit(error.kwargs.get("endpoint_url", ""))
        return f"cannot reach {endpoint.scheme}://{endpoint.netloc}: check the network and AWS_REGION"
    if isinstance(error, botocore.exceptions.ClientError):
        code, message = error.response["Error"].get("Code", "?"), error.response["Error"].get("Message", "")
        if code == "NoSuchBucket":
            return (f"the state bucket {state_bucket()[0]} (backend.tf.json) does not exist in this account: deploy the "
                    "bootstrap first (docs/deploying.md), or set the bucket backend.tf.json names")
        return f"AWS refused {error.operation_name}: {code}: {message}"
    return f"an AWS call failed: {error}"


def managed_instances(state):
    """(type, attributes) of every managed resource instance in a raw state (`terraform state pull`)."""
    for resource in state.get("resources", []):
        if resource.get("mode") == "managed":
            for instance in resource.get("instances", []):
                yield resource["type"], instance.get("attributes") or {}


class Held:
    """What the environment's state held before the destroy: every managed resource's id, ARN and
    name, and the task definition families (deployments register revisions Terraform never sees)."""

    def __init__(self):
        self.identifiers = set()
        self.task_definition_families = set()

    def record(self, state):
        """Adds what one stack's state (`terraform state pull`) holds."""
        for resource_type, values in managed_instances(state):
            for key in ("id", "arn", "name"):
                if isinstance(values.get(key), str) and values[key]:
                    self.identifiers.add(values[key])
            if resource_type == "aws_ecs_task_definition":
                self.task_definition_families.add(values["family"])

    def as_json(self):
        return {"identifiers": sorted(self.identifiers), "taskDefinitionFamilies": sorted(self.task_definition_families)}


def state_bucket():
    """(bucket, workspace_key_prefix) of the S3 backend in backend.tf.json."""
    with open(os.path.join(ROOT, "backend.tf.json")) as f:
        s3 = json.load(f)["terraform"]["backend"]["s3"]
    return s3["bucket"], s3.get("workspace_key_prefix", "env:")


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


def tagged(environment):
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
    for arn in tagged(environment):
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


def state_keys(bucket, prefix):
    """Keys of the state objects (*.tfstate) under prefix in the state bucket."""
    return [o["Key"] for page in client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
            for o in page.get("Contents", []) if o["Key"].endswith(".tfstate")]


def caller_account():
    return client("sts").get_caller_identity()["Account"]


def preview_workspaces(bucket, prefix):
    """{pr-N: newest LastModified} of the state objects under <prefix>/pr-N/ in the state bucket."""
    changed = {}
    for page in client("s3").get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=f"{prefix}/pr-"):
        for o in page.get("Contents", []):
            workspace = o["Key"][len(prefix) + 1:].split("/", 1)[0]
            if re.fullmatch(r"pr-[1-9][0-9]*", workspace):
                changed[workspace] = max(changed.get(workspace, o["LastModified"]), o["LastModified"])
    return changed


def main(argv):
    try:
        prove_gone(argv)
    except AWS_ERRORS as error:
        sys.exit(f"aws_proof: {explain(error)}")


def prove_gone(argv):
    args = [arg for arg in argv[1:] if arg != "--clean"]
    if not args:
        sys.exit("usage: aws_proof.py ENVIRONMENT [--clean] [STATE_JSON...]  (each from `terraform state pull`, taken before "
                 "the destroy; --clean first deletes the revisions of their task definition families)")
    environment, held = args[0], Held()
    for path in args[1:]:
        with open(path) as f:
            held.record(json.load(f))
    if "--clean" in argv:
        for arn in remove_task_definitions(held.task_definition_families):
            print(f"deregistered and deleted {arn}, which a deployment registered outside Terraform")
    left = left_over(environment, held, state_bucket())
    if left:
        print(f"{environment} is not gone; still there:")
        for line in left:
            print(f"    {line}")
        sys.exit(1)
    print(f"{environment} is gone: nothing tagged Environment={environment}, none of the {len(held.identifiers)} resources "
          "its states held is listed by its service, no state object is left")


if __name__ == "__main__":
    main(sys.argv)
