#!/usr/bin/env python3
"""Creates (or deletes) on the local AWS API what blueprint E expects to exist already (seed 004):
a VPC whose private subnets route nothing to the internet (the first with a route table of its own,
the second on the VPC's main table, as subnets of a VPC another team owns often are),
and for every ISOLATED_ECS service of config/platform.json its KMS-encrypted ECR repository with
immutable tags, the cluster, and the staging and production services on the CODE_DEPLOY
controller behind internal ALBs with blue and green target groups and two listeners. It stands
in for the network and platform teams of a regulated account; only the emulator ever gets it.
A stage that names its own accountId (production in another account, E8) gets its cluster,
service and load balancer there, in a VPC of that account, through the stage's access role.

VPC ids are generated, so `create` writes an overlay for config/platform.json (the app reads it
from PLATFORM_CONFIG_OVERLAY) that points the environment's isolatedNetwork at this VPC.
`route SUFFIX tgw` gives the VPC's main table (the second build subnet's) a default route to a
transit gateway, `route SUFFIX none` takes it away again: the stacks must refuse to plan while it
is there.

Usage: AWS_ENDPOINT_URL=http://127.0.0.1:PORT python3 scripts/emulator/isolated_ecs.py create SUFFIX OVERLAY_FILE
                                                                            route SUFFIX tgw|none
                                                                            delete SUFFIX
"""
import json
import os
import sys

import local_aws

REGION = local_aws.REGION
ROOT = local_aws.aws_env.ROOT
PIPELINE_ACCOUNT = "123456789012"  # the emulator's default account
DEFAULT_ACCESS_ROLE = "OrganizationAccountAccessRole"  # as production.accessRoleName defaults in the app
CLIENTS = {}


def client(service, role=None):
    """A client of the pipeline account, or with role (see access_role) of the account it names."""
    if (service, role) not in CLIENTS:
        CLIENTS[service, role] = local_aws.client(service, "isolated_ecs.py", role)
    return CLIENTS[service, role]


def access_role(stage):
    """The role into the stage's own account, or None for a stage in the pipeline account."""
    if "accountId" not in stage:
        return None
    return f"arn:aws:iam::{stage['accountId']}:role/{stage.get('accessRoleName', DEFAULT_ACCESS_ROLE)}"


def config():
    with open(os.path.join(ROOT, "config", "platform.json")) as f:
        return json.load(f)


def services(suffix):
    """The ISOLATED_ECS services with the environment's overrides (each key replaces the service's, as in the app)
    and every {suffix} filled in."""
    overrides = config().get("environments", {}).get(suffix, {}).get("services", {})
    found = {}
    for name, settings in config().get("services", {}).items():
        if settings.get("blueprint") == "ISOLATED_ECS":
            found[name] = json.loads(json.dumps({**settings, **overrides.get(name, {})}).replace("{suffix}", suffix))
    return found


def vpc_name(suffix):
    return f"isolated-{suffix}"


def find_vpc(ec2, suffix):
    return ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [vpc_name(suffix)]}])["Vpcs"][0]["VpcId"]


def tagged(kind, name):
    return [{"ResourceType": kind, "Tags": [{"Key": "Name", "Value": name}]}]


def create_network(suffix, role=None):
    """The regulated VPC of one account: two private subnets, the first with a route table of its own, routing nothing out."""
    ec2 = client("ec2", role)
    vpc = ec2.create_vpc(CidrBlock="10.240.0.0/16", TagSpecifications=tagged("vpc", vpc_name(suffix)))["Vpc"]["VpcId"]
    subnets = []
    for i, zone in enumerate("ab"):
        subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.240.{i}.0/24", AvailabilityZone=f"{REGION}{zone}",
                                   TagSpecifications=tagged("subnet", f"{vpc_name(suffix)}-private-{i + 1}"))["Subnet"]["SubnetId"]
        if i == 0:
            table = ec2.create_route_table(VpcId=vpc, TagSpecifications=tagged("route-table", f"{vpc_name(suffix)}-private-{i + 1}"))
            ec2.associate_route_table(RouteTableId=table["RouteTable"]["RouteTableId"], SubnetId=subnet)
        subnets.append(subnet)
    group = ec2.create_security_group(GroupName=vpc_name(suffix), Description="existing isolated services", VpcId=vpc)["GroupId"]
    return vpc, subnets, group


def create_service(settings, stage, network, clusters):
    """One stage's cluster (once per account), service on the CODE_DEPLOY controller, internal ALB and target groups."""
    s, role = settings[stage], access_role(settings[stage])
    vpc, subnets, group = network
    elb, ecs = client("elbv2", role), client("ecs", role)
    if (role, s["clusterName"]) not in clusters:
        ecs.create_cluster(clusterName=s["clusterName"])
        clusters.add((role, s["clusterName"]))
    alb = elb.create_load_balancer(Name=s["loadBalancerName"], Subnets=subnets, SecurityGroups=[group],
                                   Scheme="internal")["LoadBalancers"][0]["LoadBalancerArn"]
    groups = {}
    for color in ("blue", "green"):
        groups[color] = elb.create_target_group(
            Name=s[f"{color}TargetGroupName"], Protocol="HTTP", Port=s["containerPort"], VpcId=vpc, TargetType="ip",
            HealthCheckPath="/health")["TargetGroups"][0]["TargetGroupArn"]
    for port, color in ((s["productionPort"], "blue"), (s["testPort"], "green")):
        elb.create_listener(LoadBalancerArn=alb, Protocol="HTTP", Port=port,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": groups[color]}])
    family, account = s["serviceName"], s.get("accountId", PIPELINE_ACCOUNT)
    task = ecs.register_task_definition(
        family=family, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        executionRoleArn=f"arn:aws:iam::{account}:role/{family}-execution",
        taskRoleArn=f"arn:aws:iam::{account}:role/{family}-task",
        containerDefinitions=[{"name": s["containerName"], "essential": True,
                               "image": f"{PIPELINE_ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/{settings['ecrRepositoryName']}:first",
                               "portMappings": [{"containerPort": s["containerPort"], "protocol": "tcp"}]}],
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.create_service(cluster=s["clusterName"], serviceName=s["serviceName"], taskDefinition=task, desiredCount=1,
                       launchType="FARGATE", deploymentController={"type": "CODE_DEPLOY"},
                       loadBalancers=[{"targetGroupArn": groups["blue"], "containerName": s["containerName"],
                                       "containerPort": s["containerPort"]}],
                       networkConfiguration={"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [group]}})


def create(suffix, overlay_file):
    ecr, kms = client("ecr"), client("kms")
    networks = {None: create_network(suffix)}
    key = kms.create_key(Description=f"images of the isolated services ({suffix})")["KeyMetadata"]["Arn"]
    clusters = set()
    for name, settings in sorted(services(suffix).items()):
        ecr.create_repository(repositoryName=settings["ecrRepositoryName"], imageTagMutability="IMMUTABLE",
                              encryptionConfiguration={"encryptionType": "KMS", "kmsKey": key})
        for stage in ("staging", "production"):
            role = access_role(settings[stage])
            if role not in networks:
                networks[role] = create_network(suffix, role)
            create_service(settings, stage, networks[role], clusters)
    vpc, subnets, _ = networks[None]
    environment = {"isolatedNetwork": {"vpcId": vpc, "buildSubnetIds": subnets, "endpoints": "CREATE"}}
    if suffix not in config().get("environments", {}):
        environment["profile"] = config()["previewProfile"]
    with open(overlay_file, "w") as f:
        json.dump({"environments": {suffix: environment}}, f, indent=2)
    print(json.dumps(environment["isolatedNetwork"]))


def route(suffix, kind):
    """A default route to a transit gateway in the main table, which the second build subnet uses; or none."""
    ec2 = client("ec2")
    vpc = find_vpc(ec2, suffix)
    table = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                               {"Name": "association.main", "Values": ["true"]}])["RouteTables"][0]
    name = f"{vpc_name(suffix)}-egress"
    if kind == "tgw":
        tgw = ec2.create_transit_gateway(TagSpecifications=tagged("transit-gateway", name))["TransitGateway"]["TransitGatewayId"]
        subnets = [s["SubnetId"] for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]]
        ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=subnets[:1],
                                                  TagSpecifications=tagged("transit-gateway-attachment", name))
        ec2.create_route(RouteTableId=table["RouteTableId"], DestinationCidrBlock="0.0.0.0/0", TransitGatewayId=tgw)
        print(json.dumps({"routeTableId": table["RouteTableId"], "transitGatewayId": tgw}))
        return
    ec2.delete_route(RouteTableId=table["RouteTableId"], DestinationCidrBlock="0.0.0.0/0")
    # Matched by tag here: moto ignores a tag filter on some of these calls and would answer every one.
    for tgw in named(ec2.describe_transit_gateways()["TransitGateways"], name):
        # moto keeps no tags on attachments: they are found by their gateway.
        for attachment in ec2.describe_transit_gateway_vpc_attachments()["TransitGatewayVpcAttachments"]:
            if attachment["TransitGatewayId"] == tgw["TransitGatewayId"]:
                ec2.delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=attachment["TransitGatewayAttachmentId"])
        ec2.delete_transit_gateway(TransitGatewayId=tgw["TransitGatewayId"])


def named(resources, name):
    return [r for r in resources if {"Key": "Name", "Value": name} in r.get("Tags", [])]


def delete(suffix):
    ecr, kms = client("ecr"), client("kms")
    clusters, roles = set(), {None}
    for name, settings in sorted(services(suffix).items()):
        repository = ecr.describe_repositories(repositoryNames=[settings["ecrRepositoryName"]])["repositories"][0]
        ecr.delete_repository(repositoryName=settings["ecrRepositoryName"], force=True)
        for stage in ("staging", "production"):
            s, role = settings[stage], access_role(settings[stage])
            elb, ecs = client("elbv2", role), client("ecs", role)
            clusters.add((role, s["clusterName"]))
            roles.add(role)
            ecs.delete_service(cluster=s["clusterName"], service=s["serviceName"], force=True)
            for arn in ecs.list_task_definitions(familyPrefix=s["serviceName"])["taskDefinitionArns"]:
                ecs.deregister_task_definition(taskDefinition=arn)
            alb = elb.describe_load_balancers(Names=[s["loadBalancerName"]])["LoadBalancers"][0]["LoadBalancerArn"]
            for listener in elb.describe_listeners(LoadBalancerArn=alb)["Listeners"]:
                elb.delete_listener(ListenerArn=listener["ListenerArn"])
            elb.delete_load_balancer(LoadBalancerArn=alb)
            for color in ("blue", "green"):
                arn = elb.describe_target_groups(Names=[s[f"{color}TargetGroupName"]])["TargetGroups"][0]["TargetGroupArn"]
                elb.delete_target_group(TargetGroupArn=arn)
    for role, cluster in clusters:
        client("ecs", role).delete_cluster(cluster=cluster)
    # By id: moto's ScheduleKeyDeletion fails on a key ARN (HTTP 500).
    kms.schedule_key_deletion(KeyId=repository["encryptionConfiguration"]["kmsKey"].rsplit("/", 1)[-1], PendingWindowInDays=7)
    for role in roles:
        delete_network(suffix, role)


def delete_network(suffix, role=None):
    ec2 = client("ec2", role)
    vpc = find_vpc(ec2, suffix)
    for group in ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]:
        if group["GroupName"] != "default":
            ec2.delete_security_group(GroupId=group["GroupId"])
    for table in ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["RouteTables"]:
        if any(a.get("Main") for a in table.get("Associations", [])):
            continue
        for association in table.get("Associations", []):
            ec2.disassociate_route_table(AssociationId=association["RouteTableAssociationId"])
        ec2.delete_route_table(RouteTableId=table["RouteTableId"])
    for subnet in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    ec2.delete_vpc(VpcId=vpc)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "create":
        create(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "route" and sys.argv[3] in ("tgw", "none"):
        route(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "delete":
        delete(sys.argv[2])
    else:
        sys.exit("usage: isolated_ecs.py create SUFFIX OVERLAY_FILE | route SUFFIX tgw|none | delete SUFFIX")
