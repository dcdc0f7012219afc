package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import io.bluegreen.core.SettingException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One CodeBuild project and the pipeline action that runs it on the source.
 *
 * @param actionName   the action's name in its stage
 * @param projectName  the CodeBuild project's name (carries the suffix)
 * @param logGroupName its 30-day log group, e.g. {@code /aws/codebuild/unit-test-dev}
 * @param kind         what it builds, which fixes its buildspec, environment and permissions
 * @param computeType  machine size; SMALL is enough for tests
 */
public record BuildAction(String actionName, String projectName, String logGroupName, BuildKind kind,
                          ComputeType computeType) {
    public BuildAction {
        Stage.requireName("action name", actionName);
        Objects.requireNonNull(projectName, "projectName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(computeType, "computeType");
        if (logGroupName == null || !logGroupName.startsWith("/aws/codebuild/")) {
            throw SettingException.invalid("logGroupName of " + projectName, "must start with /aws/codebuild/", logGroupName,
                    "CodeBuild's console links to that path");
        }
    }

    public Buildspec buildspec() {
        return kind.buildspec();
    }

    /** What the action hands on to later stages: the build's output files. */
    public Artifact output() {
        return Artifact.of(actionName);
    }

    /** The CodePipeline action that runs the project on its kind's input. */
    CodepipelineStageAction.Builder stageAction() {
        return CodepipelineStageAction.builder()
                .name(actionName)
                .category("Build")
                .owner("AWS")
                .provider("CodeBuild")
                .version("1")
                .inputArtifacts(List.of(kind.input().name()))
                .configuration(Map.of("ProjectName", projectName));
    }
}
