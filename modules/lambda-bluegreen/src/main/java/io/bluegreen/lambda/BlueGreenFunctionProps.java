package io.bluegreen.lambda;

import io.bluegreen.codedeploy.DeploymentConfig;
import io.bluegreen.codedeploy.LambdaDeploymentConfig;
import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SettingException;
import io.bluegreen.notifications.NotificationsRef;
import io.bluegreen.core.PolicyDocument.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Settings of {@link BlueGreenFunction}; build with {@link #builder}.
 *
 * @param naming                  names every resource; required
 * @param purpose                 the function, e.g. {@code orders}; required
 * @param notifications           alarms notify this topic; required
 * @param code                    a zip directory or an ECR image; required
 * @param memoryMiB               128-10240; default 512
 * @param timeoutSeconds          1-900; default 30
 * @param reservedConcurrency     executions reserved for (and capped at) this function; default none (unreserved)
 * @param accountConcurrencyLimit the account's concurrency quota, which bounds reservations; default 1000
 * @param environment             plain variables, encrypted at rest with the function's key; default none
 * @param statements              what the code calls beyond its logs, each scoped to named resources; default none
 * @param tracing                 X-Ray active tracing; default false
 * @param deploymentConfig        how CodeDeploy shifts the alias; default {@link LambdaDeploymentConfig#DEFAULT} (linear, 10 % every 10 minutes)
 * @param errorRatePercent        the error-rate alarm's threshold, over 2 consecutive minutes (D6); default 5
 * @param errorCount              the error-count alarm's threshold, within 5 minutes (C7); default 5
 * @param aliasName               the alias traffic goes to; default {@code live}
 * @param functionName            default {@code fn-<purpose>-<suffix>}
 * @param roleName                the function's role; default {@code role-<purpose>-fn-<suffix>}
 */
public record BlueGreenFunctionProps(Naming naming, String purpose, NotificationsRef notifications, FunctionCode code,
                                     int memoryMiB, int timeoutSeconds, Optional<Integer> reservedConcurrency,
                                     int accountConcurrencyLimit, Map<String, String> environment,
                                     List<Statement> statements, boolean tracing,
                                     DeploymentConfig deploymentConfig, int errorRatePercent, int errorCount, String aliasName,
                                     String functionName, String roleName) {
    /** AWS keeps this many executions unreserved in every account. */
    public static final int UNRESERVED_MINIMUM = 100;
    /** AWS's default concurrent executions quota of an account. */
    public static final int DEFAULT_ACCOUNT_CONCURRENCY_LIMIT = 1000;
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern ALIAS = Pattern.compile("(?!^[0-9]+$)[a-zA-Z0-9-_]{1,128}");

    public BlueGreenFunctionProps {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(deploymentConfig, "deploymentConfig");
        environment = Map.copyOf(new TreeMap<>(environment));
        statements = List.copyOf(statements);
        range("memoryMiB", memoryMiB, 128, 10240, "Lambda allocates 128 MB to 10,240 MB");
        range("timeoutSeconds", timeoutSeconds, 1, 900, "Lambda runs an invocation at most 15 minutes");
        if (reservedConcurrency.isPresent()) {
            range("reservedConcurrency", reservedConcurrency.get(), 0, accountConcurrencyLimit - UNRESERVED_MINIMUM,
                    "AWS keeps " + UNRESERVED_MINIMUM + " of the account's " + accountConcurrencyLimit
                            + " executions unreserved; raise accountConcurrencyLimit after a quota increase");
        }
        range("errorRatePercent", errorRatePercent, 1, 100, "5 rolls back when one call in twenty fails");
        range("errorCount", errorCount, 1, 10000, "5 errors in 5 minutes is seed 002's threshold");
        environment.keySet().forEach(name -> {
            if (!VARIABLE.matcher(name).matches() || name.startsWith("AWS_")) {
                throw SettingException.invalid("environment", "has a variable name Lambda refuses", name,
                        "use letters, digits and _, starting with a letter and not with AWS_");
            }
        });
        if (aliasName == null || !ALIAS.matcher(aliasName).matches() || aliasName.equals("$LATEST")) {
            throw SettingException.invalid("aliasName", "is not an alias name", aliasName, "use e.g. 'live'");
        }
        naming.name(ResourceType.LAMBDA_FUNCTION, purpose);
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(roleName, "roleName");
    }

    private static void range(String setting, int value, int min, int max, String fix) {
        if (value < min || value > max) {
            throw SettingException.invalid(setting, "must be between " + min + " and " + max, value, fix);
        }
    }

    public static Builder builder(Naming naming, String purpose, NotificationsRef notifications, FunctionCode code) {
        return new Builder(naming, purpose, notifications, code);
    }

    /** Collects the optional settings; {@link #build()} applies the documented defaults. */
    public static final class Builder {
        private final Naming naming;
        private final String purpose;
        private final NotificationsRef notifications;
        private final FunctionCode code;
        private int memoryMiB = 512;
        private int timeoutSeconds = 30;
        private Integer reservedConcurrency;
        private int accountConcurrencyLimit = DEFAULT_ACCOUNT_CONCURRENCY_LIMIT;
        private Map<String, String> environment = Map.of();
        private List<Statement> statements = List.of();
        private boolean tracing;
        private DeploymentConfig deploymentConfig = LambdaDeploymentConfig.DEFAULT;
        private int errorRatePercent = 5;
        private int errorCount = 5;
        private String aliasName = "live";
        private String functionName;
        private String roleName;

        private Builder(Naming naming, String purpose, NotificationsRef notifications, FunctionCode code) {
            this.naming = naming;
            this.purpose = purpose;
            this.notifications = notifications;
            this.code = code;
        }

        public Builder memoryMiB(int value) { this.memoryMiB = value; return this; }
        public Builder timeoutSeconds(int value) { this.timeoutSeconds = value; return this; }
        public Builder reservedConcurrency(int value) { this.reservedConcurrency = value; return this; }
        public Builder accountConcurrencyLimit(int value) { this.accountConcurrencyLimit = value; return this; }
        public Builder environment(Map<String, String> value) { this.environment = value; return this; }
        public Builder statements(List<Statement> value) { this.statements = value; return this; }
        public Builder tracing(boolean value) { this.tracing = value; return this; }
        public Builder deploymentConfig(DeploymentConfig value) { this.deploymentConfig = value; return this; }
        public Builder errorRatePercent(int value) { this.errorRatePercent = value; return this; }
        public Builder errorCount(int value) { this.errorCount = value; return this; }
        public Builder aliasName(String value) { this.aliasName = value; return this; }
        public Builder functionName(String value) { this.functionName = value; return this; }
        public Builder roleName(String value) { this.roleName = value; return this; }

        public BlueGreenFunctionProps build() {
            return new BlueGreenFunctionProps(naming, purpose, notifications, code, memoryMiB, timeoutSeconds,
                    Optional.ofNullable(reservedConcurrency), accountConcurrencyLimit, environment, statements, tracing,
                    deploymentConfig,
                    errorRatePercent, errorCount, aliasName,
                    functionName != null ? functionName : naming.name(ResourceType.LAMBDA_FUNCTION, purpose),
                    roleName != null ? roleName : naming.name(ResourceType.IAM_ROLE, purpose + "-fn"));
        }
    }
}
