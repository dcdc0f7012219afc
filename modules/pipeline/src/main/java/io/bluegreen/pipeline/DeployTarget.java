package io.bluegreen.pipeline;

import com.hashicorp.cdktf.providers.aws.codepipeline.CodepipelineStageAction;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a deploy stage delivers to, with the pipeline action, artifacts and permissions that takes:
 * the contract the pipeline knows. Targets live next to what they deploy to
 * ({@code io.bluegreen.actions.ecs}); {@link CodeBuildDeploy} runs deploying builds of any kind.
 */
public interface DeployTarget {
    /** The deploy's actions, in the order they run, reading {@link #inputs()}. */
    List<CodepipelineStageAction> actions();

    /** Artifacts the deploy reads; each must come from an earlier stage. */
    List<Artifact> inputs();

    /** Artifacts the deploy hands on to later stages. */
    default List<Artifact> outputs() {
        return List.of();
    }

    /** CodeBuild projects the deploy runs, which the pipeline creates with the build stages' projects. */
    default List<BuildAction> projects() {
        return List.of();
    }

    /** What the pipeline's role needs for the deploy. */
    List<Statement> pipelineStatements(AwsContext context);

    /** A role of another account that runs the deploy, which must read the artifacts; none by default. */
    default Optional<CrossAccountRole> assumedRole() {
        return Optional.empty();
    }

    /** A build that runs after a successful deploy, never instead of it. */
    Optional<BuildKind> followUp();

    /** Non-sensitive settings of the target that people and scripts may look up (A9), by short name. */
    Map<String, String> parameters();

    /**
     * A deploy CodeBuild projects carry out, one after the other (a Lambda publish, a traffic
     * shift): each step's kind says what it changes and may read what an earlier step wrote; the
     * pipeline's role only runs them.
     */
    record CodeBuildDeploy(List<BuildAction> steps) implements DeployTarget {
        public CodeBuildDeploy {
            steps = List.copyOf(steps);
            if (steps.isEmpty()) {
                throw SettingException.invalid("deploy stage", "has no steps", steps, "give at least one deploying build");
            }
            for (BuildAction step : steps) {
                if (!step.kind().deploys()) {
                    throw SettingException.invalid("deploy stage", "runs a build that deploys nothing", step.actionName(),
                            "use a deploying kind such as LambdaPublish or LambdaShift, or put the action in a build stage");
                }
            }
        }

        public static CodeBuildDeploy of(BuildAction step) {
            return new CodeBuildDeploy(List.of(step));
        }

        @Override
        public List<CodepipelineStageAction> actions() {
            List<CodepipelineStageAction> actions = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                BuildAction step = steps.get(i);
                CodepipelineStageAction.Builder action = step.stageAction().outputArtifacts(List.of(step.output().name()));
                if (i > 0) {
                    action.runOrder(i + 1);
                }
                actions.add(action.build());
            }
            return List.copyOf(actions);
        }

        /** What the steps read that no earlier step of this deploy wrote. */
        @Override
        public List<Artifact> inputs() {
            List<Artifact> written = new ArrayList<>();
            List<Artifact> needed = new ArrayList<>();
            for (BuildAction step : steps) {
                if (!written.contains(step.kind().input()) && !needed.contains(step.kind().input())) {
                    needed.add(step.kind().input());
                }
                written.add(step.output());
            }
            return List.copyOf(needed);
        }

        @Override
        public List<Artifact> outputs() {
            return steps.stream().map(BuildAction::output).toList();
        }

        @Override
        public List<BuildAction> projects() {
            return steps;
        }

        @Override
        public List<Statement> pipelineStatements(AwsContext context) {
            // The pipeline's RunBuilds statement names the projects.
            return List.of();
        }

        @Override
        public Optional<BuildKind> followUp() {
            return Optional.empty();
        }

        @Override
        public Map<String, String> parameters() {
            Map<String, String> parameters = new TreeMap<>();
            steps.forEach(step -> parameters.putAll(step.kind().parameters()));
            return parameters;
        }
    }
}
