package io.bluegreen.ecs;

import io.bluegreen.codedeploy.DeploymentGroupRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a pipeline needs to deploy to the service through CodeDeploy: the application and
 * deployment group, the container the appspec names, the task family the build reads, the
 * roles CodeDeploy must be allowed to pass to ECS when it registers a new revision, and the
 * execution role among them, which pulls the deployed image.
 * {@code scaleAfterFirstDeployment} is present for a service this module created: it starts with
 * no tasks (no image exists yet), so the pipeline sets this count after its first deployment.
 */
public record BlueGreenServiceRef(String clusterName, String serviceName, String taskFamily, String containerName,
                                  int containerPort, String executionRoleArn, List<String> taskRoleArns, DeploymentGroupRef deployment,
                                  Optional<Integer> scaleAfterFirstDeployment) {
    public BlueGreenServiceRef {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(taskFamily, "taskFamily");
        Objects.requireNonNull(containerName, "containerName");
        Objects.requireNonNull(executionRoleArn, "executionRoleArn");
        taskRoleArns = List.copyOf(taskRoleArns);
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(scaleAfterFirstDeployment, "scaleAfterFirstDeployment");
    }
}
