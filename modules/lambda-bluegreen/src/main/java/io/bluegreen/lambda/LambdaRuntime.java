package io.bluegreen.lambda;

import io.bluegreen.core.SettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Runtimes AWS supports for new functions; Node.js 18 and older are past end of support and not offered. */
public enum LambdaRuntime {
    NODEJS_20_X("nodejs20.x"),
    /** The default: the newest Node.js LTS Lambda runs. */
    NODEJS_22_X("nodejs22.x"),
    PYTHON_3_12("python3.12"),
    PYTHON_3_13("python3.13"),
    JAVA_21("java21");

    private final String lambdaName;

    LambdaRuntime(String lambdaName) {
        this.lambdaName = lambdaName;
    }

    /** The function's {@code runtime}, e.g. {@code nodejs22.x}. */
    public String lambdaName() {
        return lambdaName;
    }

    public static LambdaRuntime parse(String setting, String value) {
        return Arrays.stream(values()).filter(runtime -> runtime.name().equals(value)).findFirst()
                .orElseThrow(() -> SettingException.invalid(setting, "is not a supported Lambda runtime", value,
                        "use one of " + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))));
    }
}
