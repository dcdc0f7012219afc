package io.bluegreen.ecs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarmConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployApp;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployAppConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupAlarmConfiguration;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupAutoRollbackConfiguration;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupDeploymentStyle;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupEcsService;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfo;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfo;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRoute;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRoute;
import com.hashicorp.cdktf.providers.aws.data_aws_ecs_service.DataAwsEcsService;
import com.hashicorp.cdktf.providers.aws.data_aws_ecs_service.DataAwsEcsServiceConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_ecs_task_definition.DataAwsEcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.data_aws_ecs_task_definition.DataAwsEcsTaskDefinitionConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_lb.DataAwsLb;
import com.hashicorp.cdktf.providers.aws.data_aws_lb.DataAwsLbConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_lb_listener.DataAwsLbListener;
import com.hashicorp.cdktf.providers.aws.data_aws_lb_listener.DataAwsLbListenerConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_lb_target_group.DataAwsLbTargetGroup;
import com.hashicorp.cdktf.providers.aws.data_aws_lb_target_group.DataAwsLbTargetGroupConfig;
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
import io.bluegreen.vpc.NetworkRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * An ECS Fargate service behind an ALB that CodeDeploy deploys blue/green (A3-A5, B3, B6).
 *
 * <p>A new service gets a Container Insights cluster, a task definition with separate execution
 * and task roles and a 30-day encrypted log group, a service on the CODE_DEPLOY controller in
 * private subnets, an ALB with two ip target groups, a production and a test listener, and
 * security groups that admit only the listener ports (ALB) and only the ALB on the container
 * port (tasks). With {@code existing} it adopts such a service and creates only the CodeDeploy
 * part. Either way: a CodeDeploy application and BLUE_GREEN deployment group that rolls back on
 * failure and on alarm, with alarms on target 5xx and unhealthy hosts that also notify the topic.
 *
 * <p>CodeDeploy, not Terraform, owns the traffic after the first deployment: the service ignores
 * its task definition, load balancer and desired count, the listeners their default action, so
 * {@code terraform plan} stays empty after a blue/green swap.
 */
public final class BlueGreenService extends Construct {
    /** TLS 1.3 with 1.2 as the floor: the policy AWS recommends for new listeners. */
    public static final String TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Present for a new service, empty when an existing one is adopted. */
    public final Optional<Runtime> runtime;
    public final ServiceRole codeDeployRole;
    public final CodedeployApp application;
    public final CodedeployDeploymentGroup deploymentGroup;
    public final List<CloudwatchMetricAlarm> alarms;
    private final BlueGreenServiceRef ref;

    /** The resources of a service this construct created. */
    public record Runtime(EncryptionKey logKey, CloudwatchLogGroup logGroup, EcsCluster cluster, ServiceRole executionRole,
                          ServiceRole taskRole, EcsTaskDefinition taskDefinition, SecurityGroup albSecurityGroup,
                          SecurityGroup taskSecurityGroup, Lb loadBalancer, LbTargetGroup blueTargetGroup,
                          LbTargetGroup greenTargetGroup, LbListener productionListener, LbListener testListener,
                          Optional<LbListener> httpRedirectListener, EcsService service) {
    }

    /** Names and ARN parts CodeDeploy and the alarms need, whoever created the resources. */
    private record Target(String clusterName, String serviceName, String taskFamily, List<String> taskRoleArns,
                          String blueTargetGroupName, String greenTargetGroupName, String blueTargetGroupArnSuffix,
                          String greenTargetGroupArnSuffix, String loadBalancerArnSuffix, String productionListenerArn,
                          String testListenerArn) {
    }

    public BlueGreenService(Construct scope, String id, BlueGreenServiceProps props) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        Target target;
        if (props.existing().isPresent()) {
            this.runtime = Optional.empty();
            target = adopt(props.existing().get());
        } else {
            Runtime created = create(props, props.network().orElseThrow(), props.image().orElseThrow(), context);
            this.runtime = Optional.of(created);
            target = new Target(created.cluster().getName(), created.service().getName(), created.taskDefinition().getFamily(),
                    List.of(created.executionRole().arn(), created.taskRole().arn()),
                    created.blueTargetGroup().getName(), created.greenTargetGroup().getName(),
                    created.blueTargetGroup().getArnSuffix(), created.greenTargetGroup().getArnSuffix(),
                    created.loadBalancer().getArnSuffix(), created.productionListener().getArn(),
                    created.testListener().getArn());
            getNode().addValidation(new BlueGreenInvariants(created, props));
        }
        this.alarms = alarms(props, target);
        this.codeDeployRole = new ServiceRole(this, "codedeploy-role", new ServiceRoleProps(props.codeDeployRoleName(),
                "codedeploy.amazonaws.com", "Lets CodeDeploy shift traffic between the blue and green tasks of " + props.purpose(),
                List.of("arn:" + context.partition() + ":iam::aws:policy/AWSCodeDeployRoleForECS"), List.of()));
        this.application = new CodedeployApp(this, "application", CodedeployAppConfig.builder()
                .name(props.applicationName())
                .computePlatform("ECS")
                .build());
        this.deploymentGroup = deploymentGroup(props, target);
        this.ref = new BlueGreenServiceRef(target.clusterName(), target.serviceName(), target.taskFamily(),
                props.container().name(), props.container().port(), target.taskRoleArns(), application.getName(),
                application.getArn(), deploymentGroup.getDeploymentGroupName(), deploymentGroup.getArn(),
                props.deploymentConfig().codeDeployName());
    }

    public BlueGreenServiceRef ref() {
        return ref;
    }

    private Target adopt(ExistingEcsService existing) {
        DataAwsEcsService service = new DataAwsEcsService(this, "existing-service", DataAwsEcsServiceConfig.builder()
                .clusterArn(existing.clusterName())
                .serviceName(existing.serviceName())
                .build());
        DataAwsEcsTaskDefinition taskDefinition = new DataAwsEcsTaskDefinition(this, "existing-task-definition",
                DataAwsEcsTaskDefinitionConfig.builder().taskDefinition(service.getTaskDefinition()).build());
        DataAwsLb loadBalancer = new DataAwsLb(this, "existing-load-balancer",
                DataAwsLbConfig.builder().name(existing.loadBalancerName()).build());
        DataAwsLbTargetGroup blue = new DataAwsLbTargetGroup(this, "existing-blue",
                DataAwsLbTargetGroupConfig.builder().name(existing.blueTargetGroupName()).build());
        DataAwsLbTargetGroup green = new DataAwsLbTargetGroup(this, "existing-green",
                DataAwsLbTargetGroupConfig.builder().name(existing.greenTargetGroupName()).build());
        DataAwsLbListener production = new DataAwsLbListener(this, "existing-production-listener", DataAwsLbListenerConfig.builder()
                .loadBalancerArn(loadBalancer.getArn())
                .port(existing.productionPort())
                .build());
        DataAwsLbListener test = new DataAwsLbListener(this, "existing-test-listener", DataAwsLbListenerConfig.builder()
                .loadBalancerArn(loadBalancer.getArn())
                .port(existing.testPort())
                .build());
        return new Target(existing.clusterName(), existing.serviceName(), taskDefinition.getFamily(),
                List.of(taskDefinition.getExecutionRoleArn(), taskDefinition.getTaskRoleArn()),
                existing.blueTargetGroupName(), existing.greenTargetGroupName(), blue.getArnSuffix(), green.getArnSuffix(),
                loadBalancer.getArnSuffix(), production.getArn(), test.getArn());
    }

    private Runtime create(BlueGreenServiceProps props, NetworkRef network, String image, AwsContext context) {
        Naming naming = props.naming();
        String purpose = props.purpose();
        ContainerSpec container = props.container();

        String logGroupName = naming.logGroup("/ecs/" + purpose);
        EncryptionKey logKey = new EncryptionKey(this, "log-key", new EncryptionKeyProps(naming, "ecs-" + purpose,
                "Encrypts the ECS log group " + logGroupName, List.of(LogGroups.keyGrant(logGroupName))));
        CloudwatchLogGroup logGroup = LogGroups.encrypted(this, "logs", logGroupName, logKey.arn());

        EcsCluster cluster = new EcsCluster(this, "cluster", EcsClusterConfig.builder()
                .name(naming.name(ResourceType.ECS_CLUSTER, purpose))
                .setting(List.of(EcsClusterSetting.builder().name("containerInsights").value("enabled").build()))
                .build());

        List<Statement> secretReads = new ArrayList<>();
        for (ContainerSecret secret : container.secrets()) {
            secretReads.add(Statement.allow("Read" + secret.name().replace("_", ""))
                    .actions(secret.readAction())
                    .resources(secret.valueFrom())
                    .build());
        }
        ServiceRole executionRole = new ServiceRole(this, "execution-role", new ServiceRoleProps(
                naming.name(ResourceType.IAM_ROLE, purpose + "-task-execution"), "ecs-tasks.amazonaws.com",
                "Lets ECS pull the image, write logs and read the secrets of " + purpose,
                List.of("arn:" + context.partition() + ":iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"),
                secretReads));
        ServiceRole taskRole = new ServiceRole(this, "task-role", new ServiceRoleProps(
                naming.name(ResourceType.IAM_ROLE, purpose + "-task"), "ecs-tasks.amazonaws.com",
                "The identity of the " + purpose + " application itself; no permissions until the application needs them",
                List.of(), List.of()));

        EcsTaskDefinition taskDefinition = new EcsTaskDefinition(this, "task-definition", EcsTaskDefinitionConfig.builder()
                .family(naming.name(ResourceType.TASK_DEFINITION, purpose))
                .requiresCompatibilities(List.of("FARGATE"))
                .networkMode("awsvpc")
                .cpu(String.valueOf(container.cpu()))
                .memory(String.valueOf(container.memoryMiB()))
                .executionRoleArn(executionRole.arn())
                .taskRoleArn(taskRole.arn())
                .containerDefinitions(containerDefinitions(container, image, logGroup.getName(), context.region()))
                .build());

        SecurityGroup albGroup = new SecurityGroup(this, "alb-security-group", SecurityGroupConfig.builder()
                .name(naming.name(ResourceType.SECURITY_GROUP, purpose + "-alb"))
                .description("Admits the listener ports of the " + purpose + " load balancer from the allowed blocks")
                .vpcId(network.vpcId())
                .tags(Map.of("Name", naming.name(ResourceType.SECURITY_GROUP, purpose + "-alb")))
                .build());
        SecurityGroup taskGroup = new SecurityGroup(this, "task-security-group", SecurityGroupConfig.builder()
                .name(naming.name(ResourceType.SECURITY_GROUP, purpose + "-tasks"))
                .description("Admits the " + purpose + " load balancer on the container port only")
                .vpcId(network.vpcId())
                .tags(Map.of("Name", naming.name(ResourceType.SECURITY_GROUP, purpose + "-tasks")))
                .build());
        List<Integer> listenerPorts = new ArrayList<>(List.of(props.productionPort(), props.testPort()));
        if (props.certificate().isPresent()) {
            listenerPorts.add(80);
        }
        for (int port : listenerPorts) {
            rule("alb-in-" + port, albGroup, "ingress", port, "Listener port " + port, props.allowedCidrs(), null);
        }
        rule("alb-out-tasks", albGroup, "egress", container.port(), "To the container port of the tasks", null, taskGroup.getId());
        rule("tasks-in-alb", taskGroup, "ingress", container.port(), "From the load balancer only", null, albGroup.getId());
        rule("tasks-out-https", taskGroup, "egress", 443, "HTTPS to ECR, Secrets Manager and logs", List.of("0.0.0.0/0"), null);

        Lb loadBalancer = new Lb(this, "load-balancer", LbConfig.builder()
                .name(naming.name(ResourceType.LOAD_BALANCER, purpose))
                .loadBalancerType("application")
                .internal(false)
                .subnets(network.publicSubnetIds())
                .securityGroups(List.of(albGroup.getId()))
                .dropInvalidHeaderFields(true)
                .enableDeletionProtection(false)
                .build());
        LbTargetGroup blue = targetGroup("blue", props, network);
        LbTargetGroup green = targetGroup("green", props, network);

        String protocol = props.certificate().isPresent() ? "HTTPS" : "HTTP";
        LbListener production = listener("production-listener", loadBalancer, props.productionPort(), protocol, props, blue);
        LbListener test = listener("test-listener", loadBalancer, props.testPort(), protocol, props, green);
        Optional<LbListener> redirect = props.certificate().map(certificate -> new LbListener(this, "http-redirect-listener",
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

        EcsService service = new EcsService(this, "service", EcsServiceConfig.builder()
                .name(naming.name(ResourceType.ECS_SERVICE, purpose))
                .cluster(cluster.getArn())
                .taskDefinition(taskDefinition.getArn())
                .desiredCount(props.desiredCount())
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
                .dependsOn(List.of(production, test))
                .build());
        return new Runtime(logKey, logGroup, cluster, executionRole, taskRole, taskDefinition, albGroup, taskGroup, loadBalancer,
                blue, green, production, test, redirect, service);
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
        new SecurityGroupRule(this, id, rule.build());
    }

    private LbTargetGroup targetGroup(String color, BlueGreenServiceProps props, NetworkRef network) {
        HealthCheck check = props.healthCheck();
        return new LbTargetGroup(this, color + "-target-group", LbTargetGroupConfig.builder()
                .name(props.naming().name(ResourceType.TARGET_GROUP, props.purpose() + "-" + color))
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

    private LbListener listener(String id, Lb loadBalancer, int port, String protocol, BlueGreenServiceProps props,
                                LbTargetGroup target) {
        LbListenerConfig.Builder listener = LbListenerConfig.builder()
                .loadBalancerArn(loadBalancer.getArn())
                .port(port)
                .protocol(protocol)
                .defaultAction(List.of(LbListenerDefaultAction.builder().type("forward").targetGroupArn(target.getArn()).build()))
                // CodeDeploy points the listeners at the other target group on every deployment.
                .lifecycle(TerraformResourceLifecycle.builder().ignoreChanges(List.of("default_action")).build());
        props.certificate().ifPresent(certificate -> listener
                .certificateArn(certificate.value())
                .sslPolicy(TLS_POLICY));
        return new LbListener(this, id, listener.build());
    }

    private List<CloudwatchMetricAlarm> alarms(BlueGreenServiceProps props, Target target) {
        Naming naming = props.naming();
        List<CloudwatchMetricAlarm> created = new ArrayList<>();
        created.add(new CloudwatchMetricAlarm(this, "alarm-target-5xx", CloudwatchMetricAlarmConfig.builder()
                .alarmName(naming.name(ResourceType.ALARM, props.purpose() + "-target-5xx"))
                .alarmDescription("Tasks of " + props.purpose() + " answer 5xx; CodeDeploy rolls a deployment back on it")
                .namespace("AWS/ApplicationELB")
                .metricName("HTTPCode_Target_5XX_Count")
                .dimensions(new TreeMap<>(Map.of("LoadBalancer", target.loadBalancerArnSuffix())))
                .statistic("Sum")
                .period(60)
                .evaluationPeriods(2)
                .threshold(5)
                .comparisonOperator("GreaterThanOrEqualToThreshold")
                .treatMissingData("notBreaching")
                .alarmActions(props.notifications().alarmActions())
                .okActions(props.notifications().alarmActions())
                .build()));
        for (String color : List.of("blue", "green")) {
            String suffix = color.equals("blue") ? target.blueTargetGroupArnSuffix() : target.greenTargetGroupArnSuffix();
            created.add(new CloudwatchMetricAlarm(this, "alarm-unhealthy-" + color, CloudwatchMetricAlarmConfig.builder()
                    .alarmName(naming.name(ResourceType.ALARM, props.purpose() + "-unhealthy-" + color))
                    .alarmDescription("Unhealthy " + props.purpose() + " tasks in the " + color + " target group")
                    .namespace("AWS/ApplicationELB")
                    .metricName("UnHealthyHostCount")
                    .dimensions(new TreeMap<>(Map.of("LoadBalancer", target.loadBalancerArnSuffix(), "TargetGroup", suffix)))
                    .statistic("Maximum")
                    .period(60)
                    .evaluationPeriods(2)
                    .threshold(1)
                    .comparisonOperator("GreaterThanOrEqualToThreshold")
                    .treatMissingData("notBreaching")
                    .alarmActions(props.notifications().alarmActions())
                    .okActions(props.notifications().alarmActions())
                    .build()));
        }
        return List.copyOf(created);
    }

    private CodedeployDeploymentGroup deploymentGroup(BlueGreenServiceProps props, Target target) {
        return new CodedeployDeploymentGroup(this, "deployment-group", CodedeployDeploymentGroupConfig.builder()
                .appName(application.getName())
                .deploymentGroupName(props.deploymentGroupName())
                .serviceRoleArn(codeDeployRole.arn())
                .deploymentConfigName(props.deploymentConfig().codeDeployName())
                .deploymentStyle(CodedeployDeploymentGroupDeploymentStyle.builder()
                        .deploymentType("BLUE_GREEN")
                        .deploymentOption("WITH_TRAFFIC_CONTROL")
                        .build())
                .autoRollbackConfiguration(CodedeployDeploymentGroupAutoRollbackConfiguration.builder()
                        .enabled(true)
                        .events(List.of("DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"))
                        .build())
                .alarmConfiguration(CodedeployDeploymentGroupAlarmConfiguration.builder()
                        .enabled(true)
                        .alarms(alarms.stream().map(CloudwatchMetricAlarm::getAlarmName).toList())
                        .build())
                .blueGreenDeploymentConfig(CodedeployDeploymentGroupBlueGreenDeploymentConfig.builder()
                        .deploymentReadyOption(CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption.builder()
                                .actionOnTimeout("CONTINUE_DEPLOYMENT")
                                .build())
                        .terminateBlueInstancesOnDeploymentSuccess(
                                CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess.builder()
                                        .action("TERMINATE")
                                        .terminationWaitTimeInMinutes(props.terminationWaitMinutes())
                                        .build())
                        .build())
                .ecsService(CodedeployDeploymentGroupEcsService.builder()
                        .clusterName(target.clusterName())
                        .serviceName(target.serviceName())
                        .build())
                .loadBalancerInfo(CodedeployDeploymentGroupLoadBalancerInfo.builder()
                        .targetGroupPairInfo(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfo.builder()
                                .prodTrafficRoute(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRoute.builder()
                                        .listenerArns(List.of(target.productionListenerArn()))
                                        .build())
                                .testTrafficRoute(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRoute.builder()
                                        .listenerArns(List.of(target.testListenerArn()))
                                        .build())
                                .targetGroup(List.of(
                                        CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup.builder()
                                                .name(target.blueTargetGroupName()).build(),
                                        CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup.builder()
                                                .name(target.greenTargetGroupName()).build()))
                                .build())
                        .build())
                .build());
    }

    static String containerDefinitions(ContainerSpec container, String image, String logGroupName, String region) {
        ObjectNode definition = JSON.createObjectNode()
                .put("name", container.name())
                .put("image", image)
                .put("essential", true)
                .put("privileged", false);
        definition.putArray("portMappings").addObject()
                .put("containerPort", container.port())
                .put("hostPort", container.port())
                .put("protocol", "tcp");
        // Empty lists are left out: ECS answers without them and the plan would show a diff.
        if (!container.environment().isEmpty()) {
            ArrayNode environment = definition.putArray("environment");
            new TreeMap<>(container.environment())
                    .forEach((name, value) -> environment.addObject().put("name", name).put("value", value));
        }
        if (!container.secrets().isEmpty()) {
            ArrayNode secrets = definition.putArray("secrets");
            container.secrets().forEach(secret -> secrets.addObject().put("name", secret.name()).put("valueFrom", secret.valueFrom()));
        }
        ObjectNode logging = definition.putObject("logConfiguration").put("logDriver", "awslogs");
        logging.putObject("options")
                .put("awslogs-group", logGroupName)
                .put("awslogs-region", region)
                .put("awslogs-stream-prefix", container.name());
        return JSON.createArrayNode().add(definition).toString();
    }
}
