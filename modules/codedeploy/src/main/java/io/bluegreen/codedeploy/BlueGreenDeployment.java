package io.bluegreen.codedeploy;

import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployApp;
import com.hashicorp.cdktf.providers.aws.codedeploy_app.CodedeployAppConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedCanary;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_config.CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedLinear;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupAlarmConfiguration;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupAutoRollbackConfiguration;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupDeploymentStyle;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.ServiceRole;
import io.bluegreen.core.ServiceRole.ServiceRoleProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.constructs.Construct;

/**
 * A CodeDeploy blue/green deployment for an ECS service or a Lambda alias: the application, a
 * role for CodeDeploy with AWS's managed policy for the platform, a custom traffic-shift config
 * when one is asked for, and the deployment group, which rolls back on failure and, watching the
 * given alarms, when one of them fires.
 *
 * <p>The platform-specific part of the group comes from the {@link DeploymentTarget}; the rest is
 * the same for both, the way aws-cdk-lib's {@code aws-codedeploy} shares one base.
 */
public final class BlueGreenDeployment extends Construct {
    public final ServiceRole role;
    public final CodedeployApp application;
    /** Present for a {@link CustomDeploymentConfig}. */
    public final Optional<CodedeployDeploymentConfig> customConfig;
    public final CodedeployDeploymentGroup deploymentGroup;
    private final DeploymentGroupRef ref;

    public BlueGreenDeployment(Construct scope, String id, BlueGreenDeploymentProps props) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        ComputePlatform platform = props.target().platform();
        this.role = new ServiceRole(this, "codedeploy-role", new ServiceRoleProps(props.roleName(),
                "codedeploy.amazonaws.com", props.target().roleDescription(props.purpose()),
                List.of(platform.managedPolicyArn(context.partition())), List.of()));
        this.application = new CodedeployApp(this, "application", CodedeployAppConfig.builder()
                .name(props.applicationName())
                .computePlatform(platform.codeDeployName())
                .build());
        this.customConfig = props.config() instanceof CustomDeploymentConfig custom
                ? Optional.of(customConfig(props, custom)) : Optional.empty();
        String configName = customConfig.map(CodedeployDeploymentConfig::getDeploymentConfigName)
                .orElseGet(() -> ((DeploymentConfig.Predefined) props.config()).codeDeployName());

        CodedeployDeploymentGroupConfig.Builder group = CodedeployDeploymentGroupConfig.builder()
                .appName(application.getName())
                .deploymentGroupName(props.deploymentGroupName())
                .serviceRoleArn(role.arn())
                .deploymentConfigName(configName)
                .deploymentStyle(CodedeployDeploymentGroupDeploymentStyle.builder()
                        .deploymentType("BLUE_GREEN")
                        .deploymentOption("WITH_TRAFFIC_CONTROL")
                        .build())
                .autoRollbackConfiguration(CodedeployDeploymentGroupAutoRollbackConfiguration.builder()
                        .enabled(true)
                        .events(rollbackEvents(props))
                        .build())
                // CodeDeploy checks its role when the group is created and uses it on the first deployment.
                .dependsOn(role.permissions());
        if (!props.alarmNames().isEmpty()) {
            group.alarmConfiguration(CodedeployDeploymentGroupAlarmConfiguration.builder()
                    .enabled(true)
                    .alarms(props.alarmNames())
                    .build());
        }
        if (props.target() instanceof DeploymentTarget.EcsService ecs) {
            EcsGroupParts.apply(group, ecs);
        }
        this.deploymentGroup = new CodedeployDeploymentGroup(this, "deployment-group", group.build());
        this.ref = new DeploymentGroupRef(platform, application.getName(), application.getArn(),
                deploymentGroup.getDeploymentGroupName(), deploymentGroup.getArn(), configName);
    }

    public DeploymentGroupRef ref() {
        return ref;
    }

    private static List<String> rollbackEvents(BlueGreenDeploymentProps props) {
        List<String> events = new ArrayList<>(List.of("DEPLOYMENT_FAILURE"));
        if (props.rollbackOnAlarm()) {
            events.add("DEPLOYMENT_STOP_ON_ALARM");
        }
        return List.copyOf(events);
    }

    private CodedeployDeploymentConfig customConfig(BlueGreenDeploymentProps props, CustomDeploymentConfig custom) {
        CodedeployDeploymentConfigTrafficRoutingConfig.Builder routing = CodedeployDeploymentConfigTrafficRoutingConfig.builder();
        switch (custom.shift()) {
            case LINEAR -> routing.type("TimeBasedLinear").timeBasedLinear(
                    CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedLinear.builder()
                            .percentage(custom.percentage()).interval(custom.intervalMinutes()).build());
            case CANARY -> routing.type("TimeBasedCanary").timeBasedCanary(
                    CodedeployDeploymentConfigTrafficRoutingConfigTimeBasedCanary.builder()
                            .percentage(custom.percentage()).interval(custom.intervalMinutes()).build());
        }
        return new CodedeployDeploymentConfig(this, "deployment-config", CodedeployDeploymentConfigConfig.builder()
                .deploymentConfigName(props.naming().name(ResourceType.CODEDEPLOY_CONFIG, props.purpose() + "-" + custom.stem()))
                .computePlatform(custom.platform().codeDeployName())
                .trafficRoutingConfig(routing.build())
                .build());
    }
}
