package io.bluegreen.app;

import io.bluegreen.core.EnvironmentSuffix;
import java.nio.file.Path;
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
        return List.of(
                new BootstrapStack(app, backend, config.projectName(), config.costCenter()),
                new PlatformStack(app, config, backend));
    }
}
