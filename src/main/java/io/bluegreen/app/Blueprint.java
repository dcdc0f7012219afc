package io.bluegreen.app;

import com.hashicorp.cdktf.TerraformStack;
import java.util.List;
import java.util.Set;
import software.constructs.Construct;

/**
 * A kind of service, chosen per service in {@code config/platform.json} ({@code "blueprint"}):
 * the keys it takes, how it reads them into its {@link ServiceConfig} (which assembles the
 * service's stack), and what it needs of the environment beside that stack. A new blueprint
 * implements this and is added to {@link Blueprints#DEFAULT}; nothing else in the app names it.
 */
public interface Blueprint {
    /** Keys every blueprint but E's takes. */
    Set<String> COMMON_KEYS = Set.of("blueprint", "source", "deploymentConfig", "testComputeType");
    /** Keys of the ECS blueprints that build an image and shift tasks (A, B). */
    Set<String> ECS_KEYS = ServiceInput.union(COMMON_KEYS, Set.of("terminationWaitMinutes", "imageBuildComputeType"));

    /** The value of {@code services.<name>.blueprint} that selects it, e.g. {@code ECS_FARGATE}. */
    String id();

    /** The keys it takes under {@code services.<name>}, {@code blueprint} included. */
    Set<String> keys();

    /** One service's settings, already checked to hold only {@link #keys()}. */
    ServiceConfig read(ServiceInput input);

    /** Checks the environment's services of this blueprint together (names one instance fixes, say); any number by default. */
    default void checkTogether(List<ServiceConfig> services) {
    }

    /** Whether its services build in the environment's isolated network (the {@link IsolatedNetworkStack}, before them). */
    default boolean needsIsolatedNetwork() {
        return false;
    }

    /**
     * Stacks it adds after the services' own, given the environment's services of this blueprint
     * (another account's share of them, say); none by default.
     */
    default List<TerraformStack> accountStacks(Construct app, EnvironmentConfig config, List<ServiceConfig> services,
                                               BackendSettings backend) {
        return List.of();
    }
}
