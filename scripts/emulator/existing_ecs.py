#!/usr/bin/env python3
"""Creates (or deletes) on the local AWS API what blueprint B expects to exist already (seed
001, B3): an ECS cluster, a service on the CODE_DEPLOY controller behind an ALB with a blue and
a green target group, a production and a test listener, in a small VPC of their own. It stands
in for the service another team runs in a real account; only the emulator ever gets it.

The names follow config/platform.json's payment-service entry for the given suffix.

Usage: AWS_ENDPOINT_URL=http://127.0.0.1:PORT python3 scripts/emulator/existing_ecs.py create|delete SUFFIX
"""
import sys

import local_aws

REGION = local_aws.REGION


def client(service):
    return local_aws.client(service, "existing_ecs.py")


def names(suffix):
    return {
        "cluster": f"payment-cluster-{suffix}",
        "service": f"payment-service-{suffix}",
        "alb": f"payment-alb-{suffix}",
        "blue": f"payment-blue-tg-{suffix}",
        "green": f"payment-green-tg-{suffix}",
        "family": f"payment-{suffix}",
        "vpc": f"payment-existing-{suffix}",
    }


def create(suffix):
    n = names(suffix)
    ec2, elb, ecs = client("ec2"), client("elbv2"), client("ecs")
    vpc = ec2.create_vpc(CidrBlock="10.250.0.0/16", TagSpecifications=[
        {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": n["vpc"]}]}])["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.250.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")["Subnet"]["SubnetId"]
               for i, zone in enumerate("ab")]
    group = ec2.create_security_group(GroupName=n["vpc"], Description="existing payment service", VpcId=vpc)["GroupId"]
    alb = elb.create_load_balancer(Name=n["alb"], Subnets=subnets, SecurityGroups=[group])["LoadBalancers"][0]["LoadBalancerArn"]
    groups = {}
    for color in ("blue", "green"):
        groups[color] = elb.create_target_group(Name=n[color], Protocol="HTTP", Port=8080, VpcId=vpc, TargetType="ip",
                                                HealthCheckPath="/health")["TargetGroups"][0]["TargetGroupArn"]
    for port, color in ((80, "blue"), (8080, "green")):
        elb.create_listener(LoadBalancerArn=alb, Protocol="HTTP", Port=port,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": groups[color]}])
    ecs.create_cluster(clusterName=n["cluster"])
    # No task role, as many services have: the stack must not put its empty ARN into a policy.
    task = ecs.register_task_definition(
        family=n["family"], networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        executionRoleArn=f"arn:aws:iam::123456789012:role/{n['family']}-execution",
        containerDefinitions=[{"name": "payment", "image": "public.ecr.aws/docker/library/nginx:stable", "essential": True,
                               "portMappings": [{"containerPort": 8080, "protocol": "tcp"}]}],
    )["taskDefinition"]["taskDefinitionArn"]
    ecs.create_service(cluster=n["cluster"], serviceName=n["service"], taskDefinition=task, desiredCount=1,
                       launchType="FARGATE", deploymentController={"type": "CODE_DEPLOY"},
                       loadBalancers=[{"targetGroupArn": groups["blue"], "containerName": "payment", "containerPort": 8080}],
                       networkConfiguration={"awsvpcConfiguration": {"subnets": subnets, "securityGroups": [group]}})


def delete(suffix):
    n = names(suffix)
    ec2, elb, ecs = client("ec2"), client("elbv2"), client("ecs")
    ecs.delete_service(cluster=n["cluster"], service=n["service"], force=True)
    for arn in ecs.list_task_definitions(familyPrefix=n["family"])["taskDefinitionArns"]:
        ecs.deregister_task_definition(taskDefinition=arn)
    ecs.delete_cluster(cluster=n["cluster"])
    alb = elb.describe_load_balancers(Names=[n["alb"]])["LoadBalancers"][0]["LoadBalancerArn"]
    for listener in elb.describe_listeners(LoadBalancerArn=alb)["Listeners"]:
        elb.delete_listener(ListenerArn=listener["ListenerArn"])
    elb.delete_load_balancer(LoadBalancerArn=alb)
    for color in ("blue", "green"):
        elb.delete_target_group(TargetGroupArn=elb.describe_target_groups(Names=[n[color]])["TargetGroups"][0]["TargetGroupArn"])
    vpc = ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": [n["vpc"]]}])["Vpcs"][0]["VpcId"]
    for group in ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"]:
        if group["GroupName"] != "default":
            ec2.delete_security_group(GroupId=group["GroupId"])
    for subnet in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    ec2.delete_vpc(VpcId=vpc)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("create", "delete"):
        sys.exit("usage: existing_ecs.py create|delete SUFFIX")
    (create if sys.argv[1] == "create" else delete)(sys.argv[2])
