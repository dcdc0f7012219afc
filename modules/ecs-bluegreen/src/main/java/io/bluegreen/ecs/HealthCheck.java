package io.bluegreen.ecs;

import io.bluegreen.core.SettingException;
import java.util.regex.Pattern;

/**
 * How the load balancer decides a task is healthy; the same check gates CodeDeploy's traffic
 * shift to green tasks.
 *
 * @param path               requested on each task; must start with {@code /}; default {@code /health}
 * @param intervalSec        between checks, 5-300; default 30
 * @param timeoutSec         per check, 2-120 and below the interval; default 5
 * @param healthyThreshold   consecutive passes to become healthy, 2-10; default 3
 * @param unhealthyThreshold consecutive failures to become unhealthy, 2-10; default 3
 * @param matcher            HTTP codes that pass, e.g. {@code 200} or {@code 200-299}; default {@code 200}
 */
public record HealthCheck(String path, int intervalSec, int timeoutSec, int healthyThreshold, int unhealthyThreshold,
                          String matcher) {
    private static final Pattern MATCHER = Pattern.compile("\\d{3}(-\\d{3})?(,\\d{3}(-\\d{3})?)*");

    public HealthCheck {
        if (path == null || !path.startsWith("/")) {
            throw SettingException.invalid("healthCheckPath", "must start with '/'", path, "use a path such as '/health'");
        }
        requireRange("healthCheckIntervalSec", intervalSec, 5, 300);
        requireRange("healthCheckTimeoutSec", timeoutSec, 2, 120);
        if (timeoutSec >= intervalSec) {
            throw SettingException.invalid("healthCheckTimeoutSec", "must be below healthCheckIntervalSec (" + intervalSec + ")",
                    timeoutSec, "shorten the timeout or lengthen the interval");
        }
        requireRange("healthCheckHealthyThreshold", healthyThreshold, 2, 10);
        requireRange("healthCheckUnhealthyThreshold", unhealthyThreshold, 2, 10);
        if (matcher == null || !MATCHER.matcher(matcher).matches()) {
            throw SettingException.invalid("healthCheckMatcher", "must be HTTP codes such as 200, 200-299 or 200,204", matcher,
                    "list the codes a healthy task answers");
        }
    }

    public static HealthCheck defaults() {
        return onPath("/health");
    }

    public static HealthCheck onPath(String path) {
        return new HealthCheck(path, 30, 5, 3, 3, "200");
    }

    static void requireRange(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw SettingException.invalid(setting, "must be between " + min + " and " + max, value,
                    "pick a value in that range");
        }
    }
}
