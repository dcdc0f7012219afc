#!/usr/bin/env python3
"""Lists the live AWS resources the stacks can create, through each service's own list and
describe calls, as JSON {kind: [sorted ids]}. Tests compare two listings to prove a destroy
left nothing behind. moto's /moto-api/data.json is no proof: it keeps deleted instances.

Usage: AWS_ENDPOINT_URL=http://127.0.0.1:PORT python3 scripts/inventory.py
"""
import json

from aws_env import client


def pages(service, operation, key, **kwargs):
    paginator = client(service).get_paginator(operation)
    for page in paginator.paginate(**kwargs):
        yield from page.get(key, [])


def ecs_services():
    ecs = client("ecs")
    arns = []
    for cluster in ecs.list_clusters()["clusterArns"]:
        arns += [arn for arn in ecs.list_services(cluster=cluster)["serviceArns"]
                 if ecs.describe_services(cluster=cluster, services=[arn])["services"][0]["status"] == "ACTIVE"]
    return arns


def customer_keys(kms):
    """Enabled keys, less the AWS-managed ones (alias/aws/...): AWS creates those itself the first
    time a service encrypts with its default key (moto's DynamoDB does) and never deletes them.
    Deleting a key only schedules it (PendingDeletion); enabled keys are the live ones."""
    managed = {a.get("TargetKeyId") for a in kms.list_aliases()["Aliases"] if a["AliasName"].startswith("alias/aws/")}
    return [k["KeyId"] for k in kms.list_keys()["Keys"]
            if k["KeyId"] not in managed and kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"]


def inventory():
    ec2 = client("ec2")
    kms = client("kms")
    found = {
        "ec2:vpc": [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if not v.get("IsDefault")],
        "ec2:subnet": [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"] if not s.get("DefaultForAz")],
        "ec2:internet-gateway": [g["InternetGatewayId"] for g in ec2.describe_internet_gateways()["InternetGateways"]],
        "ec2:nat-gateway": [n["NatGatewayId"] for n in ec2.describe_nat_gateways()["NatGateways"]
                            if n["State"] not in ("deleted", "deleting")],
        "ec2:eip": [a["AllocationId"] for a in ec2.describe_addresses()["Addresses"]],
        "ec2:route-table": [r["RouteTableId"] for r in ec2.describe_route_tables()["RouteTables"]],
        "ec2:security-group": [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]],
        "ec2:vpc-endpoint": [e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints()["VpcEndpoints"]
                             if e["State"].lower() not in ("deleted", "deleting")],
        "ec2:flow-log": [f["FlowLogId"] for f in ec2.describe_flow_logs()["FlowLogs"]],
        "kms:key": customer_keys(kms),
        "kms:alias": [a["AliasName"] for a in kms.list_aliases()["Aliases"] if not a["AliasName"].startswith("alias/aws/")],
        "s3:bucket": [b["Name"] for b in client("s3").list_buckets()["Buckets"]],
        "sns:topic": [t["TopicArn"] for t in pages("sns", "list_topics", "Topics")],
        "sns:subscription": [s["SubscriptionArn"] for s in pages("sns", "list_subscriptions", "Subscriptions")],
        "logs:log-group": [g["logGroupName"] for g in pages("logs", "describe_log_groups", "logGroups")],
        "iam:role": [r["RoleName"] for r in pages("iam", "list_roles", "Roles")],
        "iam:policy": [p["PolicyName"] for p in pages("iam", "list_policies", "Policies", Scope="Local")],
        "events:rule": [r["Name"] for r in client("events").list_rules()["Rules"]],
        "cloudwatch:alarm": [a["AlarmName"] for a in pages("cloudwatch", "describe_alarms", "MetricAlarms")],
        "ecr:repository": [r["repositoryName"] for r in pages("ecr", "describe_repositories", "repositories")],
        "ecs:cluster": [c for c in client("ecs").list_clusters()["clusterArns"]
                        if client("ecs").describe_clusters(clusters=[c])["clusters"][0]["status"] == "ACTIVE"],
        "ecs:service": ecs_services(),
        "ecs:task-definition": list(pages("ecs", "list_task_definitions", "taskDefinitionArns", status="ACTIVE")),
        "elbv2:load-balancer": [lb["LoadBalancerName"] for lb in client("elbv2").describe_load_balancers()["LoadBalancers"]],
        "elbv2:target-group": [tg["TargetGroupName"] for tg in client("elbv2").describe_target_groups()["TargetGroups"]],
        "codebuild:project": list(pages("codebuild", "list_projects", "projects")),
        "codebuild:report-group": [arn.rsplit("/", 1)[-1] for arn in client("codebuild").list_report_groups()["reportGroups"]],
        "codecommit:repository": [r["repositoryName"] for r in client("codecommit").list_repositories()["repositories"]],
        "codepipeline:pipeline": [p["name"] for p in pages("codepipeline", "list_pipelines", "pipelines")],
        "codedeploy:application": list(pages("codedeploy", "list_applications", "applications")),
        "ssm:parameter": [p["Name"] for p in pages("ssm", "describe_parameters", "Parameters")],
        "secretsmanager:secret": [s["Name"] for s in pages("secretsmanager", "list_secrets", "SecretList")],
        "dynamodb:table": list(pages("dynamodb", "list_tables", "TableNames")),
        "lambda:function": [f["FunctionName"] for f in pages("lambda", "list_functions", "Functions")],
        "states:state-machine": [m["name"] for m in client("stepfunctions").list_state_machines()["stateMachines"]],
        "sqs:queue": [url.rsplit("/", 1)[-1] for url in client("sqs").list_queues().get("QueueUrls", [])],
        "wafv2:web-acl": [a["Name"] for a in client("wafv2").list_web_acls(Scope="REGIONAL")["WebACLs"]],
    }
    return {kind: sorted(ids) for kind, ids in found.items()}


if __name__ == "__main__":
    print(json.dumps(inventory(), indent=1, sort_keys=True))
