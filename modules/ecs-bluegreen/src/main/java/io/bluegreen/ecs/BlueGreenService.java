package io.bluegreen.ecs;

import com.hashicorp.cdktf.Fn;
import com.hashicorp.cdktf.Postcondition;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.Token;
import com.hashicorp.cdktf.providers.aws.cloudwatch_log_group.CloudwatchLogGroup;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarm;
import com.hashicorp.cdktf.providers.aws.cloudwatch_metric_alarm.CloudwatchMetricAlarmConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployApp;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
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
import com.hashicorp.cdktf.providers.aws.ecs_service.EcsService;
import com.hashicorp.cdktf.providers.aws.ecs_task_definition.EcsTaskDefinition;
import com.hashicorp.cdktf.providers.aws.lb.Lb;
import com.hashicorp.cdktf.providers.aws.lb_listener.LbListener;
import com.hashicorp.cdktf.providers.aws.lb_target_group.LbTargetGroup;
import com.hashicorp.cdktf.providers.aws.security_group.SecurityGroup;
import com.hashicorp.cdktf.providers.aws.wafv2_web_acl.Wafv2WebAcl;
import io.bluegreen.codedeploy.BlueGreenDeployment;
import io.bluegreen.codedeploy.BlueGreenDeploymentProps;
import io.bluegreen.codedeploy.DeploymentTarget;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SecureBucket;
import io.bluegreen.core.ServiceRole;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * An ECS Fargate service behind an ALB that CodeDeploy deploys blue/green (A3-A5, B3, B6).
 *
 * <p>A new service gets a Container Insights cluster (its performance log group created, 30 days,
 * encrypted, so destroy removes it), a task definition with separate execution and task roles and
 * a 30-day encrypted log group, a service on the CODE_DEPLOY controller in private subnets that
 * starts with no tasks until the pipeline's first deployment, an ALB (WAF web ACL and access logs
 * unless turned off) with two ip target groups, a production listener and a test listener that
 * only the VPC reaches by default, and security groups that admit only the listener ports (ALB)
 * and only the ALB on the container port (tasks). With {@code existing} it adopts such a service
 * and creates only the CodeDeploy part. Either way: a CodeDeploy application and BLUE_GREEN deployment group that rolls back on
 * failure and on alarm, with alarms on target 5xx and unhealthy hosts that also notify the topic.
 *
 * <p>CodeDeploy, not Terraform, owns the traffic after the first deployment: the service ignores
 * its task definition, load balancer and desired count, the listeners their default action, so
 * {@code terraform plan} stays empty after a blue/green swap.
 */
public final class BlueGreenService extends Construct {
    /** TLS 1.3 with 1.2 as the floor: the policy AWS recommends for new listeners. */
    public static final String TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

    /** Present for a new service, empty when an existing one is adopted. */
    public final Optional<Runtime> runtime;
    public final ServiceRole codeDeployRole;
    public final CodedeployApp application;
    public final CodedeployDeploymentGroup deploymentGroup;
    public final List<CloudwatchMetricAlarm> alarms;
    private final BlueGreenServiceRef ref;

    /** The resources of a service this construct created. */
    public record Runtime(EncryptionKey logKey, CloudwatchLogGroup logGroup, CloudwatchLogGroup containerInsightsLogGroup,
                          EcsCluster cluster, ServiceRole executionRole, ServiceRole taskRole, EcsTaskDefinition taskDefinition,
                          SecurityGroup albSecurityGroup, SecurityGroup taskSecurityGroup, Lb loadBalancer,
                          Optional<SecureBucket> accessLogBucket, Optional<Wafv2WebAcl> webAcl, LbTargetGroup blueTargetGroup,
                          LbTargetGroup greenTargetGroup, LbListener productionListener, LbListener testListener,
                          Optional<LbListener> httpRedirectListener, EcsService service) {
    }

    /** Names and ARN parts CodeDeploy and the alarms need, whoever created the resources. */
    private record Target(String clusterName, String serviceName, String taskFamily, String executionRoleArn, List<String> taskRoleArns,
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
            Runtime created = FargateRuntime.create(this, props, props.network().orElseThrow(), props.image().orElseThrow(), context);
            this.runtime = Optional.of(created);
            target = new Target(created.cluster().getName(), created.service().getName(), created.taskDefinition().getFamily(),
                    created.executionRole().arn(), List.of(created.executionRole().arn(), created.taskRole().arn()),
                    created.blueTargetGroup().getName(), created.greenTargetGroup().getName(),
                    created.blueTargetGroup().getArnSuffix(), created.greenTargetGroup().getArnSuffix(),
                    created.loadBalancer().getArnSuffix(), created.productionListener().getArn(),
                    created.testListener().getArn());
            getNode().addValidation(new BlueGreenInvariants(created, props));
        }
        this.alarms = alarms(props, target);
        // "Default" is left out of logical ids: the group keeps the addresses it had before the
        // codedeploy module existed, so no deployed application or group is replaced.
        BlueGreenDeployment deployment = new BlueGreenDeployment(this, "Default", BlueGreenDeploymentProps.builder(
                        props.naming(), props.purpose(), new DeploymentTarget.EcsService(target.clusterName(), target.serviceName(),
                                target.productionListenerArn(), target.testListenerArn(), target.blueTargetGroupName(),
                                target.greenTargetGroupName(), props.terminationWaitMinutes()))
                .config(props.deploymentConfig())
                .alarmNames(alarms.stream().map(CloudwatchMetricAlarm::getAlarmName).toList())
                .applicationName(props.applicationName())
                .deploymentGroupName(props.deploymentGroupName())
                .roleName(props.codeDeployRoleName())
                .build());
        this.codeDeployRole = deployment.role;
        this.application = deployment.application;
        this.deploymentGroup = deployment.deploymentGroup;
        this.ref = new BlueGreenServiceRef(target.clusterName(), target.serviceName(), target.taskFamily(),
                props.container().name(), props.container().port(), target.executionRoleArn(), target.taskRoleArns(), deployment.ref(),
                runtime.isPresent() ? Optional.of(props.desiredCount()) : Optional.empty());
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
                DataAwsEcsTaskDefinitionConfig.builder()
                        .taskDefinition(service.getTaskDefinition())
                        .lifecycle(TerraformResourceLifecycle.builder().postcondition(List.of(Postcondition.builder()
                                .condition("${self.execution_role_arn != \"\"}")
                                .errorMessage("The task definition of the adopted service " + existing.serviceName()
                                        + " has no execution role; a Fargate service needs one to pull its image and write its logs.")
                                .build())).build())
                        .build());
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
        // A task definition may have no task role: its ARN is then "", which IAM refuses as a
        // policy Resource. Naming the execution role twice instead changes nothing.
        String taskRoleArn = Token.asString(Fn.coalesce(List.of(taskDefinition.getTaskRoleArn(), taskDefinition.getExecutionRoleArn())));
        return new Target(existing.clusterName(), existing.serviceName(), taskDefinition.getFamily(),
                taskDefinition.getExecutionRoleArn(), List.of(taskDefinition.getExecutionRoleArn(), taskRoleArn),
                existing.blueTargetGroupName(), existing.greenTargetGroupName(), blue.getArnSuffix(), green.getArnSuffix(),
                loadBalancer.getArnSuffix(), production.getArn(), test.getArn());
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
}
