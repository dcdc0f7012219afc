package io.bluegreen.codedeploy;

import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import java.util.List;
import java.util.Objects;

/** What a deployer needs of a {@link BlueGreenDeployment}: names for the API, ARNs for its policy. */
public record DeploymentGroupRef(ComputePlatform platform, String applicationName, String applicationArn,
                                 String deploymentGroupName, String deploymentGroupArn, String deploymentConfigName) {
    public DeploymentGroupRef {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(applicationName, "applicationName");
        Objects.requireNonNull(applicationArn, "applicationArn");
        Objects.requireNonNull(deploymentGroupName, "deploymentGroupName");
        Objects.requireNonNull(deploymentGroupArn, "deploymentGroupArn");
        Objects.requireNonNull(deploymentConfigName, "deploymentConfigName");
    }

    /** Starting and following deployments of this group, registering its revisions, reading its config: nothing else. */
    public List<Statement> grantDeploy(AwsContext context) {
        return List.of(
                Statement.allow("DeployWithCodeDeploy").actions("codedeploy:CreateDeployment", "codedeploy:GetDeployment")
                        .resources(deploymentGroupArn).build(),
                Statement.allow("RegisterRevisions")
                        .actions("codedeploy:GetApplication", "codedeploy:GetApplicationRevision",
                                "codedeploy:RegisterApplicationRevision")
                        .resources(applicationArn).build(),
                Statement.allow("ReadDeploymentConfig").actions("codedeploy:GetDeploymentConfig")
                        .resources(context.arn("codedeploy", "deploymentconfig:" + deploymentConfigName)).build());
    }
}
