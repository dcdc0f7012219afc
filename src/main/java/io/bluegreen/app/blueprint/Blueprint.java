package io.bluegreen.app.blueprint;

import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.app.config.ServiceKind;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.pipeline.BuildAction;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.ComputeType;
import java.util.List;
import software.constructs.Construct;

/**
 * A kind of service, chosen per service in {@code config/platform.json} ({@code "blueprint"}): the
 * keys it takes and how it reads them into its record ({@link ServiceKind}), what it puts into the
 * service's stack, and what it needs of the environment beside that stack. A new blueprint is a
 * package that implements this, registered in the app's one list ({@code io.bluegreen.app.Blueprints});
 * nothing else in the app names it.
 */
public interface Blueprint extends ServiceKind {
    /**
     * What the service's stack holds beside the environment's basics (provider, state, guard): its
     * resources, and the pipeline's props and outputs, which the stack turns into its pipeline.
     *
     * @param service a record this blueprint read
     */
    Assembly assemble(TerraformStack stack, EnvironmentConfig config, ServiceConfig service);

    /** Whether its services build in the environment's isolated network (its own stack, deployed before them). */
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

    /** A project named after the service and action, e.g. {@code cb-web-unit-tests-dev}, logging to its namesake group. */
    static BuildAction buildAction(Naming naming, String service, String action, BuildKind kind, ComputeType computeType) {
        String stem = service + "-" + action.toLowerCase();
        return new BuildAction(action, naming.name(ResourceType.CODEBUILD_PROJECT, stem),
                naming.logGroup("/aws/codebuild/" + stem), kind, computeType);
    }
}
