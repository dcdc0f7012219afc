package io.bluegreen.pipeline;

import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SettingException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a build project does: which file of {@code buildspecs/} it runs, what that file reads
 * from its environment, and what its role may do beyond logs, reports and artifacts. The
 * pipeline knows this contract only; the kinds of a delivery target live next to it
 * ({@code io.bluegreen.actions.ecs}, {@code io.bluegreen.actions.lambda}) and grant their own
 * permissions through {@link #statements}, which the pipeline gives the project's role.
 */
public interface BuildKind {
    Buildspec buildspec();

    /** The artifact the project reads; the source unless the kind works on an earlier output. */
    default Artifact input() {
        return Artifact.SOURCE;
    }

    /** Changes what runs in production: runs in a deploy stage, through {@link DeployTarget.CodeBuildDeploy}. */
    default boolean deploys() {
        return false;
    }

    /** Where CodeBuild keeps the buildspec's {@code cache} paths between builds ({@code <bucket>/<prefix>}); none by default. */
    default Optional<String> cacheLocation() {
        return Optional.empty();
    }

    /** CodeBuild stops the build after this long. */
    default int timeoutMinutes() {
        return 30;
    }

    /** Non-sensitive settings a deploying kind's target has (A9), by short name. */
    default Map<String, String> parameters() {
        return Map.of();
    }

    /** The project's plain-text environment, sorted by name. */
    Map<String, String> variables();

    /** What the buildspec's commands call, each scoped to the resources it names. */
    List<Statement> statements(AwsContext context, Optional<String> registrySecretArn);

    /**
     * The project runs the source repository's {@code buildspec.yml} (the team owns its build);
     * {@link #buildspec()} is then the documented default. Otherwise the file is inlined.
     */
    default boolean buildspecFromSource() {
        return false;
    }

    /** Logs in to Docker Hub with the pipeline's registry credentials secret. */
    default boolean readsRegistrySecret() {
        return false;
    }

    /** A test suite that publishes a JUnit report and needs nothing but the source. */
    record Tests(Buildspec buildspec) implements BuildKind {
        public Tests {
            if (buildspec == null || !buildspec.reportsTests()) {
                throw SettingException.invalid("test buildspec", "does not publish a test report", buildspec,
                        "use UNIT_TEST or INTEGRATION_TEST");
            }
        }

        @Override
        public Map<String, String> variables() {
            return Map.of();
        }

        @Override
        public List<Statement> statements(AwsContext context, Optional<String> registrySecretArn) {
            return List.of();
        }
    }



}
