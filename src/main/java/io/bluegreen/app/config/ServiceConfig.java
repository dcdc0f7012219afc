package io.bluegreen.app.config;

import io.bluegreen.pipeline.ComputeType;
import io.bluegreen.pipeline.Source;
import java.util.Objects;
import java.util.Optional;

/**
 * One service of {@code config/platform.json}'s {@code services}, resolved for one environment
 * (with that environment's {@code environments.<suffix>.services.<name>} on top), a type per
 * blueprint, which the blueprint's {@link ServiceKind} reads (each blueprint's record lives in its
 * package under {@code io.bluegreen.app.blueprint}): every environment gets a stack per service,
 * named after it, which the blueprint assembles from the record. A setting left out is empty here, so the
 * module's own documented default applies and is stated only there.
 */
public interface ServiceConfig {
    String name();

    /** The kind that read it: its blueprint. */
    ServiceKind kind();

    /** Refuses an environment that lacks what this service needs of it (a setting of its own); all are fine by default. */
    default void requireOf(EnvironmentConfig config) {
    }

    Source source();

    Builds builds();

    /**
     * Executions of the account's Lambda concurrency this service's function keeps for itself in
     * this environment: the setting, else the blueprint's figure where the environment reserves
     * (a named environment, unless its settings turn {@code reservedConcurrency} off); none for ECS.
     */
    default Optional<Integer> reservedConcurrency() {
        return Optional.empty();
    }

    /**
     * Machine sizes of the pipeline's builds: the blueprints' own choice (seed 002's C2: tests
     * SMALL, the image MEDIUM), so they are the defaults here and nowhere else.
     */
    public record Builds(ComputeType tests, ComputeType image) {
        public static final Builds DEFAULT = new Builds(ComputeType.SMALL, ComputeType.MEDIUM);

        public Builds {
            Objects.requireNonNull(tests, "tests");
            Objects.requireNonNull(image, "image");
        }
    }

}
