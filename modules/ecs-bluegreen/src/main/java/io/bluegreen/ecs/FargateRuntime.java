package io.bluegreen.ecs;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.ITerraformDependable;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.Token;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsCluster;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsClusterConfig;
import com.hashicorp.cdktf.providers.aws.ecs_cluster.EcsClusterSetting;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceConfig;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceDeploymentController;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceLoadBalancer;
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsServiceNetworkConfiguration;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinitionConfig;
import com.hashicorp.cdktf.providers.aws.lb.Lb;
import com.hashicorp.cdktf.providers.aws.lb.LbAccessLogs;
import com.hashicorp.cdktf.providers.aws.lb.LbConfig;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListener;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerConfig;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerDefaultAction;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListenerDefaultActionRedirect;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroupConfig;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroupHealthCheck;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroupConfig;
import com.hashicorp.cdktf.providers.aws.security_group_rule.SecurityGroupRule;
import com.hashicorp.cdktf.providers.aws.security_group_rule.SecurityGroupRuleConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.EncryptionKey.EncryptionKeyProps;
import io.bluegreen.core.LogGroups;
import io.bluegreen.core.Naming;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.ServiceRole;
import io.bluegreen.core.ServiceRole.ServiceRoleProps;
import io.bluegreen.ecs.BlueGreenService.Runtime;
import io.bluegreen.vpc.NetworkRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.constructs.Construct;

/**
 * What {@link BlueGreenService} creates for a new service, as children of the service construct
 * (so their ids are the service's): logs, cluster, roles, task definition, security groups, ALB
 * with its protection, target groups, listeners and the ECS service.
 */
final class FargateRuntime {
    private final Construct scope;
    private final BlueGreenServiceProps props;
    private final Naming naming;
    private final String purpose;

    private FargateRuntime(Construct scope, BlueGreenServiceProps props) {
        this.scope = scope;
        this.props = props;
        this.naming = props.naming();
        this.purpose = props.purpose();
    }

    static Runtime create(Construct scope, BlueGreenServiceProps props, NetworkRef network, String image, AwsContext context) {
        return new FargateRuntime(scope, props).create(network, image, context);
    }

    private Runtime create(NetworkRef network, String image, AwsContext context) {
        ContainerSpec container = props.container();
        String clusterName = naming.name(ResourceType.ECS_CLUSTER, purpose);
        String logGroupName = naming.logGroup("/ecs/" + purpose);
        // Container Insights writes here; created first so ECS never creates it (unencrypted, kept
        // for a day, and left behind by destroy).
        String insightsGroupName = "/aws/ecs/containerinsights/" + clusterName + "/performance";
        String webAclName = naming.name(ResourceType.WAF_WEB_ACL, purpose);
        List<String> logGroupNames = props.loadBalancerWebAcl()
                ? List.of(logGroupName, insightsGroupName, AlbWebAcl.logGroupName(webAclName))
                : List.of(logGroupName, insightsGroupName);
        EncryptionKey logKey = new EncryptionKey(scope, "log-key", new EncryptionKeyProps(naming, "ecs-" + purpose,
                "Encrypts the log groups of " + purpose, List.of(LogGroups.keyGrant(logGroupNames))));
        CloudwatchLogGroup logGroup = LogGroups.encrypted(scope, "logs", logGroupName, logKey.arn());
        CloudwatchLogGroup insightsGroup = LogGroups.encrypted(scope, "insights-logs", insightsGroupName, logKey.arn());

        EcsCluster cluster = new EcsCluster(scope, "cluster", EcsClusterConfig.builder()
                .name(clusterName)
                .setting(List.of(EcsClusterSetting.builder().name("containerInsights").value("enabled").build()))
                .dependsOn(List.of(insightsGroup))
                .build());

        List<Statement> secretReads = new ArrayList<>();
        for (ContainerSecret secret : container.secrets()) {
            secretReads.add(Statement.allow("Read" + secret.name().replace("_", ""))
                    .actions(secret.readAction())
                    .resources(secret.valueFrom())
                    .build());
        }
        ServiceRole executionRole = new ServiceRole(scope, "execution-role", new ServiceRoleProps(
                naming.name(ResourceType.IAM_ROLE, purpose + "-task-execution"), "ecs-tasks.amazonaws.com",
                "Lets ECS pull the image, write logs and read the secrets of " + purpose,
                List.of("arn:" + context.partition() + ":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
                secretReads));
        ServiceRole taskRole = new ServiceRole(scope, "task-role", new ServiceRoleProps(
                naming.name(ResourceType.IAM_ROLE, purpose + "-task"), "ecs-tasks.amazonaws.com",
                "The identity of the " + purpose + " application itself; no permissions until the application needs them",
                List.of(), List.of()));

        EcsTaskDefinition taskDefinition = new EcsTaskDefinition(scope, "task-definition", EcsTaskDefinitionConfig.builder()
                .family(naming.name(ResourceType.TASK_DEFINITION, purpose))
                .requiresCompatibilities(List.of("FARGATE"))
                .networkMode("awsvpc")
                .cpu(String.valueOf(container.cpu()))
                .memory(String.valueOf(container.memoryMiB()))
                .executionRoleArn(executionRole.arn())
                .taskRoleArn(taskRole.arn())
                .containerDefinitions(container.containerDefinitions(image, logGroup.getName(), context.region()))
                .build());

        SecurityGroup albGroup = securityGroup("alb-security-group", "alb",
                "Admits the listener ports of the " + purpose + " load balancer from the allowed blocks", network);
        SecurityGroup taskGroup = securityGroup("task-security-group", "tasks",
                "Admits the " + purpose + " load balancer on the container port only", network);
        listenerRules(albGroup, network);
        rule("alb-out-tasks", albGroup, "egress", container.port(), "To the container port of the tasks", null, taskGroup.getId());
        rule("tasks-in-alb", taskGroup, "ingress", container.port(), "From the load balancer only", null, albGroup.getId());
        rule("tasks-out-https", taskGroup, "egress", 443, "HTTPS to ECR, Secrets Manager and logs", List.of("0.0.0.0/0"), null);

        Optional<AlbAccessLogs> accessLogs = props.loadBalancerAccessLogs()
                ? Optional.of(new AlbAccessLogs(scope, "access-logs", naming.bucket(scope, purpose + "-alb-logs"), purpose))
                : Optional.empty();
        LbConfig.Builder balancer = LbConfig.builder()
                .name(naming.name(ResourceType.LOAD_BALANCER, purpose))
                .loadBalancerType("application")
                .internal(false)
                .subnets(network.publicSubnetIds())
                .securityGroups(List.of(albGroup.getId()))
                .dropInvalidHeaderFields(true)
                .enableDeletionProtection(false);
        accessLogs.ifPresent(logs -> balancer
                .accessLogs(LbAccessLogs.builder().bucket(logs.bucket.name()).prefix(logs.prefix).enabled(true).build())
                // ELB writes a test object when logging is turned on: the bucket policy must be in place.
                .dependsOn(List.of(logs.bucket.policy)));
        Lb loadBalancer = new Lb(scope, "load-balancer", balancer.build());
        Optional<AlbWebAcl> webAcl = props.loadBalancerWebAcl()
                ? Optional.of(new AlbWebAcl(scope, "web-acl", webAclName, loadBalancer.getArn(), logKey.arn()))
                : Optional.empty();
        LbTargetGroup blue = targetGroup("blue", network);
        LbTargetGroup green = targetGroup("green", network);

        String protocol = props.certificate().isPresent() ? "HTTPS" : "HTTP";
        LbListener production = listener("production-listener", loadBalancer, props.productionPort(), protocol, blue);
        LbListener test = listener("test-listener", loadBalancer, props.testPort(), protocol, green);
        Optional<LbListener> redirect = props.certificate().map(certificate -> new LbListener(scope, "http-redirect-listener",
                LbListenerConfig.builder()
                        .loadBalancerArn(loadBalancer.getArn())
                        .port(80)
                        .protocol("HTTP")
                        .defaultAction(List.of(LbListenerDefaultAction.builder()
                                .type("redirect")
                                .redirect(LbListenerDefaultActionRedirect.builder()
                                        .protocol("HTTPS")
                                        .port(String.valueOf(props.productionPort()))
                                        .statusCode("HTTP_301")
                                        .build())
                                .build()))
                        .build()));

        List<ITerraformDependable> serviceNeeds = new ArrayList<>(List.of(production, test));
        serviceNeeds.addAll(executionRole.permissions());
        EcsService service = new EcsService(scope, "service", EcsServiceConfig.builder()
                .name(naming.name(ResourceType.ECS_SERVICE, purpose))
                .cluster(cluster.getArn())
                .taskDefinition(taskDefinition.getArn())
                // No image exists before the pipeline's first build: the service starts empty rather
                // than retrying a pull that cannot succeed, and the pipeline scales it once deployed.
                .desiredCount(0)
                .launchType("FARGATE")
                .healthCheckGracePeriodSeconds(60)
                .propagateTags("SERVICE")
                .deploymentController(EcsServiceDeploymentController.builder().type("CODE_DEPLOY").build())
                .networkConfiguration(EcsServiceNetworkConfiguration.builder()
                        .subnets(network.privateSubnetIds())
                        .securityGroups(List.of(taskGroup.getId()))
                        .assignPublicIp(false)
                        .build())
                .loadBalancer(List.of(EcsServiceLoadBalancer.builder()
                        .targetGroupArn(blue.getArn())
                        .containerName(container.name())
                        .containerPort(container.port())
                        .build()))
                // CodeDeploy registers new revisions, swaps target groups and scales: not drift.
                .lifecycle(TerraformResourceLifecycle.builder()
                        .ignoreChanges(List.of("task_definition", "load_balancer", "desired_count"))
                        .build())
                .dependsOn(serviceNeeds)
                .build());
        return new Runtime(logKey, logGroup, insightsGroup, cluster, executionRole, taskRole, taskDefinition, albGroup, taskGroup,
                loadBalancer, accessLogs.map(logs -> logs.bucket), webAcl.map(acl -> acl.webAcl), blue, green, production, test,
                redirect, service);
    }

    private SecurityGroup securityGroup(String id, String part, String description, NetworkRef network) {
        String name = naming.name(ResourceType.SECURITY_GROUP, purpose + "-" + part);
        return new SecurityGroup(scope, id, SecurityGroupConfig.builder()
                .name(name)
                .description(description)
                .vpcId(network.vpcId())
                .tags(Map.of("Name", name))
                .build());
    }

    /**
     * Production (and the HTTP redirect) from {@code allowedCidrs}; the test listener, where green
     * answers before the shift, only from {@code testListenerCidrs}: by default the VPC and its NAT
     * addresses, which is how an internet-facing ALB sees clients inside the VPC.
     */
    private void listenerRules(SecurityGroup albGroup, NetworkRef network) {
        List<String> testCidrs = props.testListenerCidrs().orElseGet(() -> Token.asList(Fn.concat(List.of(
                List.of(network.cidrBlock()), Fn.formatlist("%s/32", List.of(network.natPublicIps()))))));
        rule("alb-in-" + props.productionPort(), albGroup, "ingress", props.productionPort(), "Production listener",
                props.allowedCidrs(), null);
        rule("alb-in-" + props.testPort(), albGroup, "ingress", props.testPort(), "Test listener, from inside the VPC by default",
                testCidrs, null);
        if (props.certificate().isPresent()) {
            rule("alb-in-80", albGroup, "ingress", 80, "HTTP, redirected to HTTPS", props.allowedCidrs(), null);
        }
    }

    private void rule(String id, SecurityGroup group, String type, int port, String description, List<String> cidrs,
                      String sourceGroupId) {
        SecurityGroupRuleConfig.Builder rule = SecurityGroupRuleConfig.builder()
                .securityGroupId(group.getId())
                .type(type)
                .protocol("tcp")
                .fromPort(port)
                .toPort(port)
                .description(description);
        if (cidrs != null) {
            rule.cidrBlocks(cidrs);
        } else {
            rule.sourceSecurityGroupId(sourceGroupId);
        }
        new SecurityGroupRule(scope, id, rule.build());
    }

    private LbTargetGroup targetGroup(String color, NetworkRef network) {
        HealthCheck check = props.healthCheck();
        return new LbTargetGroup(scope, color + "-target-group", LbTargetGroupConfig.builder()
                .name(naming.name(ResourceType.TARGET_GROUP, purpose + "-" + color))
                .port(props.container().port())
                .protocol("HTTP")
                .targetType("ip")
                .vpcId(network.vpcId())
                .deregistrationDelay("30")
                .healthCheck(LbTargetGroupHealthCheck.builder()
                        .enabled(true)
                        .path(check.path())
                        .protocol("HTTP")
                        .matcher(check.matcher())
                        .interval(check.intervalSec())
                        .timeout(check.timeoutSec())
                        .healthyThreshold(check.healthyThreshold())
                        .unhealthyThreshold(check.unhealthyThreshold())
                        .build())
                .build());
    }

    private LbListener listener(String id, Lb loadBalancer, int port, String protocol, LbTargetGroup target) {
        LbListenerConfig.Builder listener = LbListenerConfig.builder()
                .loadBalancerArn(loadBalancer.getArn())
                .port(port)
                .protocol(protocol)
                .defaultAction(List.of(LbListenerDefaultAction.builder().type("forward").targetGroupArn(target.getArn()).build()))
                // CodeDeploy points the listeners at the other target group on every deployment.
                .lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("default_action")).build());
        props.certificate().ifPresent(certificate -> listener
                .certificateArn(certificate.value())
                .sslPolicy(BlueGreenService.TLS_POLICY));
        return new LbListener(scope, id, listener.build());
    }
}
