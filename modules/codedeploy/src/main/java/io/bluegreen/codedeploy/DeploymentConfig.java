package io.bluegreen.codedeploy;

import io.bluegreen.core.SettingException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How CodeDeploy shifts traffic: one of AWS's predefined configurations for the platform, or a
 * {@link CustomDeploymentConfig} that {@link BlueGreenDeployment} creates.
 */
public sealed interface DeploymentConfig permits DeploymentConfig.Predefined, CustomDeploymentConfig {
    ComputePlatform platform();

    /** Minutes from a deployment's first traffic step to its last, for whoever waits on it. */
    int shiftMinutes();

    /** A configuration AWS defines in every account, e.g. {@code CodeDeployDefault.ECSAllAtOnce}. */
    sealed interface Predefined extends DeploymentConfig permits EcsDeploymentConfig, LambdaDeploymentConfig {
        String codeDeployName();

        String name();
    }

    /** The predefined configuration of {@code platform} named {@code value} (its enum name), or an error naming the setting. */
    static Predefined parse(String setting, String value, ComputePlatform platform) {
        List<Predefined> known = Stream.<Predefined>concat(Stream.of(EcsDeploymentConfig.values()),
                Stream.of(LambdaDeploymentConfig.values())).filter(config -> config.platform() == platform).toList();
        return known.stream().filter(config -> config.name().equals(value)).findFirst()
                .orElseThrow(() -> SettingException.invalid(setting, "is not a known " + platform.codeDeployName()
                        + " deployment config", value, "use one of " + known.stream().map(Predefined::name).collect(Collectors.joining(", "))));
    }
}
