package io.bluegreen.app;

import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.app.blueprint.Blueprint;
import io.bluegreen.app.config.BackendSettings;
import io.bluegreen.app.config.EnvironmentConfig;
import io.bluegreen.app.config.PlatformConfig;
import io.bluegreen.app.config.ServiceConfig;
import io.bluegreen.core.EnvironmentSuffix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.constructs.Construct;

/**
 * Defines the app's stacks for one environment. Everything that can be wrong with the input is
 * found here, before {@code app.synth()} writes a single file.
 */
public final class PlatformApp {
    private PlatformApp() {
    }

    /**
     * Names a JSON file merged over {@code config/platform.json} (objects key by key, anything else
     * replaced): what only this machine knows, such as the ids of a VPC the local emulator made.
     */
    public static final String CONFIG_OVERLAY = "PLATFORM_CONFIG_OVERLAY";

    /** The stacks for {@code ENVIRONMENT_SUFFIX} in {@code environment}, configured from files under {@code root}. */
    public static List<software.constructs.IConstruct> define(Construct app, Path root, Map<String, String> environment) {
        EnvironmentSuffix suffix = new EnvironmentSuffix(environment.getOrDefault(EnvironmentSuffix.SETTING, ""));
        java.util.Optional<Path> overlay = java.util.Optional.ofNullable(environment.get(CONFIG_OVERLAY))
                .filter(value -> !value.isBlank()).map(root::resolve);
        EnvironmentConfig config = Blueprints.DEFAULT.load(root.resolve(PlatformConfig.FILE), overlay, suffix);
        BackendSettings backend = BackendSettings.load(root.resolve(BackendSettings.FILE));
        return define(app, config, backend);
    }

    public static List<software.constructs.IConstruct> define(Construct app, EnvironmentConfig config, BackendSettings backend) {
        return define(app, config, backend, Blueprints.DEFAULT);
    }

    /** The stacks of {@code config}, whose services {@code blueprints} read. */
    public static List<software.constructs.IConstruct> define(Construct app, EnvironmentConfig config, BackendSettings backend,
                                                               Blueprints blueprints) {
        List<software.constructs.IConstruct> stacks = new ArrayList<>();
        stacks.add(new BootstrapStack(app, backend, config.projectName(), config.costCenter(), config.bucketPrefix()));
        PlatformStack platform = new PlatformStack(app, config, backend);
        stacks.add(platform);
        Optional<IsolatedNetworkStack> network = config.services().stream().noneMatch(service -> blueprints.of(service).needsIsolatedNetwork())
                ? Optional.empty() : Optional.of(new IsolatedNetworkStack(app, config, config.isolatedNetwork().orElseThrow(), backend));
        network.ifPresent(stack -> {
            stack.addDependency(platform);
            stacks.add(stack);
        });
        for (ServiceConfig service : config.services()) {
            Blueprint blueprint = blueprints.of(service);
            TerraformStack stack = new ServiceStack(app, config, service, blueprint, backend);
            // Service stacks find the platform's network and topic by name: deploy it first.
            stack.addDependency(platform);
            if (blueprint.needsIsolatedNetwork()) {
                stack.addDependency(network.orElseThrow());
            }
            stacks.add(stack);
        }
        for (Blueprint blueprint : config.services().stream().map(blueprints::of).distinct().toList()) {
            stacks.addAll(blueprint.accountStacks(app, config, config.services().stream()
                    .filter(service -> blueprints.of(service) == blueprint).toList(), backend));
        }
        return List.copyOf(stacks);
    }
}
