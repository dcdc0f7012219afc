package io.bluegreen.pipeline;

import io.bluegreen.core.SettingException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** CodeBuild machine sizes. */
public enum ComputeType {
    /** 3 GB, 2 vCPUs. */
    SMALL("BUILD_GENERAL1_SMALL"),
    /** 7 GB, 4 vCPUs. */
    MEDIUM("BUILD_GENERAL1_MEDIUM"),
    /** 15 GB, 8 vCPUs. */
    LARGE("BUILD_GENERAL1_LARGE");

    private final String codeBuildName;

    ComputeType(String codeBuildName) {
        this.codeBuildName = codeBuildName;
    }

    public String codeBuildName() {
        return codeBuildName;
    }

    public static ComputeType parse(String setting, String value) {
        return Arrays.stream(values()).filter(type -> type.name().equals(value)).findFirst()
                .orElseThrow(() -> SettingException.invalid(setting, "is not a CodeBuild compute type", value,
                        "use one of " + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))));
    }
}
