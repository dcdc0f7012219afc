package io.bluegreen.codedeploy;

import io.bluegreen.core.SettingException;
import java.util.Objects;

/** What a deployment group shifts traffic on. */
public sealed interface DeploymentTarget permits DeploymentTarget.EcsService, DeploymentTarget.LambdaAlias {
    ComputePlatform platform();

    /** Shown on CodeDeploy's role: what it may do for the service or function {@code purpose}. */
    String roleDescription(String purpose);

    /**
     * An ECS service behind an ALB: CodeDeploy starts the green tasks in the target group the
     * production listener does not use, lets the test listener reach them, then moves the
     * production listener.
     *
     * @param terminationWaitMinutes minutes the blue tasks keep running after a successful shift (B6), 0-2880
     */
    record EcsService(String clusterName, String serviceName, String productionListenerArn, String testListenerArn,
                      String blueTargetGroupName, String greenTargetGroupName, int terminationWaitMinutes)
            implements DeploymentTarget {
        public EcsService {
            Objects.requireNonNull(clusterName, "clusterName");
            Objects.requireNonNull(serviceName, "serviceName");
            Objects.requireNonNull(productionListenerArn, "productionListenerArn");
            Objects.requireNonNull(testListenerArn, "testListenerArn");
            Objects.requireNonNull(blueTargetGroupName, "blueTargetGroupName");
            Objects.requireNonNull(greenTargetGroupName, "greenTargetGroupName");
            if (terminationWaitMinutes < 0 || terminationWaitMinutes > 2880) {
                throw SettingException.invalid("terminationWaitMinutes", "must be between 0 and 2880", terminationWaitMinutes,
                        "CodeDeploy keeps the blue tasks at most two days");
            }
        }

        @Override
        public ComputePlatform platform() {
            return ComputePlatform.ECS;
        }

        @Override
        public String roleDescription(String purpose) {
            return "Lets CodeDeploy shift traffic between the blue and green tasks of " + purpose;
        }
    }

    /**
     * A Lambda function's alias: each deployment's AppSpec names the alias and the two versions,
     * so the group itself only records what it is for.
     */
    record LambdaAlias(String functionName, String aliasName) implements DeploymentTarget {
        public LambdaAlias {
            Objects.requireNonNull(functionName, "functionName");
            Objects.requireNonNull(aliasName, "aliasName");
        }

        @Override
        public ComputePlatform platform() {
            return ComputePlatform.LAMBDA;
        }

        @Override
        public String roleDescription(String purpose) {
            return "Lets CodeDeploy shift the " + aliasName + " alias of " + purpose + " between versions";
        }
    }
}
