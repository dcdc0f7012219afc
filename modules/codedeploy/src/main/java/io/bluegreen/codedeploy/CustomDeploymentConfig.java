package io.bluegreen.codedeploy;

import io.bluegreen.core.SettingException;
import java.util.Objects;

/**
 * A traffic shift AWS does not predefine, e.g. 20% every 5 minutes; {@link BlueGreenDeployment}
 * creates it next to the deployment group.
 *
 * @param platform        ECS or Lambda; required
 * @param shift           LINEAR (the same step every interval) or CANARY (one step, then the rest); required
 * @param percentage      traffic moved per step, 1-99
 * @param intervalMinutes minutes between steps, 1-2880 (CodeDeploy's limit is two days)
 */
public record CustomDeploymentConfig(ComputePlatform platform, Shift shift, int percentage, int intervalMinutes)
        implements DeploymentConfig {
    public enum Shift { LINEAR, CANARY }

    public CustomDeploymentConfig {
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(shift, "shift");
        if (percentage < 1 || percentage > 99) {
            throw SettingException.invalid("deploymentConfig.percentage", "must be between 1 and 99", percentage,
                    "use a predefined ALL_AT_ONCE config to move everything at once");
        }
        if (intervalMinutes < 1 || intervalMinutes > 2880) {
            throw SettingException.invalid("deploymentConfig.intervalMinutes", "must be between 1 and 2880", intervalMinutes,
                    "CodeDeploy waits at most two days between steps");
        }
    }

    /** Linear: one step per interval until 100 %; canary: one interval between the two steps. */
    @Override
    public int shiftMinutes() {
        return switch (shift) {
            case LINEAR -> ((100 + percentage - 1) / percentage - 1) * intervalMinutes;
            case CANARY -> intervalMinutes;
        };
    }

    /** A name that says what it does, e.g. {@code linear-20pct-5min}. */
    public String stem() {
        return shift.name().toLowerCase() + "-" + percentage + "pct-" + intervalMinutes + "min";
    }
}
