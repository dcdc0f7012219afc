package io.bluegreen.codedeploy;

import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupConfig;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupEcsService;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfo;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfo;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRoute;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup;
import com.hashicorp.cdktf.providers.aws.codedeploy_deployment_group.CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRoute;
import java.util.List;

/** The ECS-only blocks of a deployment group: the service, its listeners and target groups, and when the blue tasks go. */
final class EcsGroupParts {
    private EcsGroupParts() {
    }

    static void apply(CodedeployDeploymentGroupConfig.Builder group, DeploymentTarget.EcsService ecs) {
        group.blueGreenDeploymentConfig(CodedeployDeploymentGroupBlueGreenDeploymentConfig.builder()
                        .deploymentReadyOption(CodedeployDeploymentGroupBlueGreenDeploymentConfigDeploymentReadyOption.builder()
                                .actionOnTimeout("CONTINUE_DEPLOYMENT")
                                .build())
                        .terminateBlueInstancesOnDeploymentSuccess(
                                CodedeployDeploymentGroupBlueGreenDeploymentConfigTerminateBlueInstancesOnDeploymentSuccess.builder()
                                        .action("TERMINATE")
                                        .terminationWaitTimeInMinutes(ecs.terminationWaitMinutes())
                                        .build())
                        .build())
                .ecsService(CodedeployDeploymentGroupEcsService.builder()
                        .clusterName(ecs.clusterName())
                        .serviceName(ecs.serviceName())
                        .build())
                .loadBalancerInfo(CodedeployDeploymentGroupLoadBalancerInfo.builder()
                        .targetGroupPairInfo(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfo.builder()
                                .prodTrafficRoute(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoProdTrafficRoute.builder()
                                        .listenerArns(List.of(ecs.productionListenerArn()))
                                        .build())
                                .testTrafficRoute(CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTestTrafficRoute.builder()
                                        .listenerArns(List.of(ecs.testListenerArn()))
                                        .build())
                                .targetGroup(List.of(
                                        CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup.builder()
                                                .name(ecs.blueTargetGroupName()).build(),
                                        CodedeployDeploymentGroupLoadBalancerInfoTargetGroupPairInfoTargetGroup.builder()
                                                .name(ecs.greenTargetGroupName()).build()))
                                .build())
                        .build());
    }
}
