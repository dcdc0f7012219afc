package io.bluegreen.pipeline;

import io.bluegreen.core.SettingException;
import java.util.Objects;

/**
 * One CodeBuild project and the pipeline action that runs it.
 *
 * @param actionName   the action's name in its stage
 * @param projectName  the CodeBuild project's name (carries the suffix)
 * @param logGroupName its 30-day log group, e.g. {@code /aws/codebuild/unit-test-dev}
 * @param buildspec    which file of {@code buildspecs/} it runs
 * @param computeType  machine size; SMALL is enough for tests
 */
public record BuildAction(String actionName, String projectName, String logGroupName, Buildspec buildspec,
                          ComputeType computeType) {
    public BuildAction {
        Stage.requireName("action name", actionName);
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(buildspec, "buildspec");
        Objects.requireNonNull(computeType, "computeType");
        if (logGroupName == null || !logGroupName.startsWith("/aws/codebuild/")) {
            throw SettingException.invalid("logGroupName of " + projectName, "must start with /aws/codebuild/", logGroupName,
                    "CodeBuild's console links to that path");
        }
    }

    String outputArtifact() {
        return actionName.replaceAll("[^A-Za-z0-9]", "") + "Output";
    }
}
