package io.bluegreen.app;

import io.bluegreen.app.blueprint.Blueprint;
import io.bluegreen.app.blueprint.ecsfargate.EcsFargateBlueprint;
import io.bluegreen.app.blueprint.existingecs.ExistingEcsBlueprint;
import io.bluegreen.app.blueprint.isolatedecs.IsolatedEcsBlueprint;
import io.bluegreen.app.blueprint.lambdacontainer.LambdaContainerBlueprint;
import io.bluegreen.app.blueprint.serverless.ServerlessBlueprint;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.app.config.ServiceKind;
import io.bluegreen.app.config.ServiceKinds;
import io.bluegreen.core.EnvironmentSuffix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The blueprints the app knows, as one list in the order error messages name them: the only place
 * that names them. The configuration reads services through them ({@link #kinds()}); the app
 * assembles each service's stack with the blueprint that read it ({@link #of(ServiceConfig)}).
 */
public record Blueprints(List<Blueprint> all) {
    /** The app's blueprints: A to E. */
    public static final Blueprints DEFAULT = new Blueprints(List.of(EcsFargateBlueprint.BLUEPRINT, ExistingEcsBlueprint.BLUEPRINT,
            LambdaContainerBlueprint.BLUEPRINT, ServerlessBlueprint.BLUEPRINT, IsolatedEcsBlueprint.BLUEPRINT));
    /** Stack names of the app's own that no service may take. */
    static final List<String> STACK_NAMES = List.of(BootstrapStack.NAME, PlatformStack.NAME, IsolatedNetworkStack.NAME);

    public Blueprints {
        all = List.copyOf(all);
    }

    /** These and {@code another}, last. */
    public Blueprints with(Blueprint another) {
        List<Blueprint> more = new ArrayList<>(all);
        more.add(another);
        return new Blueprints(more);
    }

    /** What the configuration reads services with. */
    public ServiceKinds kinds() {
        return new ServiceKinds(List.<ServiceKind>copyOf(all), STACK_NAMES);
    }

    /** Environment {@code suffix} of {@code file} with these blueprints' services. */
    public EnvironmentConfig load(Path file, EnvironmentSuffix suffix) {
        return load(file, Optional.empty(), suffix);
    }

    /** As above, with {@code overlay} merged over the file first. */
    public EnvironmentConfig load(Path file, Optional<Path> overlay, EnvironmentSuffix suffix) {
        return PlatformConfig.load(file, overlay, suffix, kinds());
    }

    /** The blueprint that read {@code service}. */
    public Blueprint of(ServiceConfig service) {
        return all.stream().filter(blueprint -> blueprint == service.kind()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(service.name() + " was read by a kind these blueprints do not hold"));
    }
}
