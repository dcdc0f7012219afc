package io.bluegreen.ecs;

import io.bluegreen.core.SettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How CodeDeploy shifts production traffic from the blue to the green tasks (A5). */
public enum EcsDeploymentConfig {
    /** Everything at once after the green tasks pass their health checks. */
    ALL_AT_ONCE("CodeDeployDefault.ECSAllAtOnce"),
    LINEAR_10_PERCENT_EVERY_1_MINUTE("CodeDeployDefault.ECSLinear10PercentEvery1Minutes"),
    LINEAR_10_PERCENT_EVERY_3_MINUTES("CodeDeployDefault.ECSLinear10PercentEvery3Minutes"),
    /** 10% first, the rest after 5 minutes. */
    CANARY_10_PERCENT_5_MINUTES("CodeDeployDefault.ECSCanary10Percent5Minutes"),
    CANARY_10_PERCENT_15_MINUTES("CodeDeployDefault.ECSCanary10Percent15Minutes");

    private final String codeDeployName;

    EcsDeploymentConfig(String codeDeployName) {
        this.codeDeployName = codeDeployName;
    }

    /** The predefined CodeDeploy deployment configuration, e.g. {@code CodeDeployDefault.ECSAllAtOnce}. */
    public String codeDeployName() {
        return codeDeployName;
    }

    public static EcsDeploymentConfig parse(String setting, String value) {
        for (EcsDeploymentConfig config : values()) {
            if (config.name().equals(value)) {
                return config;
            }
        }
        throw SettingException.invalid(setting, "is not a known deployment config", value, "use one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
