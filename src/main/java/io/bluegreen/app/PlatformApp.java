package io.bluegreen.app;

import io.bluegreen.core.EnvironmentSuffix;
import com.hashicorp.cdktf.TerraformStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.constructs.Construct;

/**
 * Defines the app's stacks for one environment. Everything that can be wrong with the input is
 * found here, before {@code app.synth()} writes a single file.
 */
public final class PlatformApp {
    private PlatformApp() {
    }

    /** The stacks for {@code ENVIRONMENT_SUFFIX} in {@code environment}, configured from files under {@code root}. */
    public static List<software.constructs.IConstruct> define(Construct app, Path root, Map<String, String> environment) {
        EnvironmentSuffix suffix = new EnvironmentSuffix(environment.getOrDefault(EnvironmentSuffix.SETTING, ""));
        EnvironmentConfig config = PlatformConfig.load(root.resolve(PlatformConfig.FILE), suffix);
        BackendSettings backend = BackendSettings.load(root.resolve(BackendSettings.FILE));
        return define(app, config, backend);
    }

    public static List<software.constructs.IConstruct> define(Construct app, EnvironmentConfig config, BackendSettings backend) {
        List<software.constructs.IConstruct> stacks = new ArrayList<>();
        stacks.add(new BootstrapStack(app, backend, config.projectName(), config.costCenter(), config.bucketPrefix()));
        PlatformStack platform = new PlatformStack(app, config, backend);
        stacks.add(platform);
        for (ServiceConfig service : config.services()) {
            TerraformStack stack = new ServiceStack(app, config, service, backend);
            // Service stacks find the platform's network and topic by name: deploy it first.
            stack.addDependency(platform);
            stacks.add(stack);
        }
        return List.copyOf(stacks);
    }
}
