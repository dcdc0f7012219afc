#!/usr/bin/env python3
"""Does to an ECS service on the local AWS API what a successful CodeDeploy blue/green deployment
does (moto does not run deployments): registers a new task definition revision with a new image
(every field of the running one kept, as buildspecs/image-build.yml keeps them), points the
production listener at the green target group and the test listener at the blue one, and moves
the service to the new revision. `scale` then does what the pipeline's Scale-Up action does
(buildspecs/scale-from-zero.yml). Tests check that `terraform plan` stays empty, i.e. that
Terraform leaves to CodeDeploy and the pipeline what they own.

Usage (AWS_ENDPOINT_URL=http://127.0.0.1:PORT):
  codedeploy_swap.py swap CLUSTER SERVICE LOAD_BALANCER PRODUCTION_PORT BLUE_TG GREEN_TG
      prints {"revision": ARN, "listeners": {port: target group name}, "desiredCount": n}
  codedeploy_swap.py scale CLUSTER SERVICE DESIRED_COUNT
      sets the desired count if the service runs no tasks; prints {"desiredCount": n}
  codedeploy_swap.py deregister FAMILY REVISION_ARN...
      deregisters revisions a deployment registered; Terraform only deregisters its own
"""
import json
import os
import re
import sys

import local_aws


def client(service):
    return local_aws.client(service, "codedeploy_swap.py")


def read_only_fields():
    """The fields buildspecs/image-build.yml deletes from the running definition (its jq del(...)): one list."""
    with open(os.path.join(local_aws.aws_env.ROOT, "buildspecs", "image-build.yml"), encoding="utf-8") as file:
        deleted = re.search(r"del\(([^)]*)\)", file.read()).group(1)
    return tuple(field.strip().lstrip(".") for field in deleted.split(","))


def swap(cluster, service, load_balancer, production_port, blue, green):
    ecs, elb = client("ecs"), client("elbv2")
    current = ecs.describe_services(cluster=cluster, services=[service])["services"][0]
    definition = ecs.describe_task_definition(taskDefinition=current["taskDefinition"])["taskDefinition"]
    # What DescribeTaskDefinition adds and RegisterTaskDefinition refuses, as the image build drops it; the rest is kept.
    revision = {key: value for key, value in definition.items() if key not in read_only_fields() and value is not None}
    for container in revision["containerDefinitions"]:
        container["image"] = container["image"].rsplit(":", 1)[0] + ":0123456789ab"
    new_arn = ecs.register_task_definition(**revision)["taskDefinition"]["taskDefinitionArn"]

    groups = {name: elb.describe_target_groups(Names=[name])["TargetGroups"][0]["TargetGroupArn"] for name in (blue, green)}
    balancer = elb.describe_load_balancers(Names=[load_balancer])["LoadBalancers"][0]["LoadBalancerArn"]
    for listener in elb.describe_listeners(LoadBalancerArn=balancer)["Listeners"]:
        if listener["DefaultActions"][0].get("Type") != "forward":
            continue  # the HTTP to HTTPS redirect is not CodeDeploy's
        target = groups[green] if listener["Port"] == int(production_port) else groups[blue]
        elb.modify_listener(ListenerArn=listener["ListenerArn"], DefaultActions=[{"Type": "forward", "TargetGroupArn": target}])
    ecs.update_service(cluster=cluster, service=service, taskDefinition=new_arn)

    names = {arn: name for name, arn in groups.items()}
    listeners = {str(l["Port"]): names[l["DefaultActions"][0]["TargetGroupArn"]]
                 for l in elb.describe_listeners(LoadBalancerArn=balancer)["Listeners"]
                 if l["DefaultActions"][0].get("Type") == "forward"}
    after = ecs.describe_services(cluster=cluster, services=[service])["services"][0]
    print(json.dumps({"revision": after["taskDefinition"], "listeners": listeners, "desiredCount": after["desiredCount"]}))


def scale(cluster, service, desired):
    ecs = client("ecs")
    if ecs.describe_services(cluster=cluster, services=[service])["services"][0]["desiredCount"] == 0:
        ecs.update_service(cluster=cluster, service=service, desiredCount=int(desired))
    print(json.dumps({"desiredCount": ecs.describe_services(cluster=cluster, services=[service])["services"][0]["desiredCount"]}))


def deregister(family, revisions):
    ecs = client("ecs")
    for arn in revisions:
        if f":task-definition/{family}:" not in arn:
            sys.exit(f"{arn} is not a revision of {family}")
        ecs.deregister_task_definition(taskDefinition=arn)


if __name__ == "__main__":
    if len(sys.argv) == 8 and sys.argv[1] == "swap":
        swap(*sys.argv[2:])
    elif len(sys.argv) == 5 and sys.argv[1] == "scale":
        scale(*sys.argv[2:])
    elif len(sys.argv) >= 4 and sys.argv[1] == "deregister":
        deregister(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
