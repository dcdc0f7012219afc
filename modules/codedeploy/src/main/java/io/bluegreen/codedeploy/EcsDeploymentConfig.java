package io.bluegreen.codedeploy;

/** AWS's predefined ways of shifting production traffic from the blue to the green tasks (A5). */
public enum EcsDeploymentConfig implements DeploymentConfig.Predefined {
    /** Everything at once after the green tasks pass their health checks. */
    ALL_AT_ONCE("CodeDeployDefault.ECSAllAtOnce", 0),
    LINEAR_10_PERCENT_EVERY_1_MINUTE("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", 9),
    LINEAR_10_PERCENT_EVERY_3_MINUTES("CodeDeployDefault.ECSLinear10PercentEvery3Minutes", 27),
    /** 10% first, the rest after 5 minutes. */
    CANARY_10_PERCENT_5_MINUTES("CodeDeployDefault.ECSCanary10Percent5Minutes", 5),
    CANARY_10_PERCENT_15_MINUTES("CodeDeployDefault.ECSCanary10Percent15Minutes", 15);

    /** What an ECS deployment shifts with unless told otherwise (A5: linear, every minute). */
    public static final EcsDeploymentConfig DEFAULT = LINEAR_10_PERCENT_EVERY_1_MINUTE;

    private final String codeDeployName;
    private final int shiftMinutes;

    EcsDeploymentConfig(String codeDeployName, int shiftMinutes) {
        this.codeDeployName = codeDeployName;
        this.shiftMinutes = shiftMinutes;
    }

    @Override
    public int shiftMinutes() {
        return shiftMinutes;
    }

    @Override
    public String codeDeployName() {
        return codeDeployName;
    }

    @Override
    public ComputePlatform platform() {
        return ComputePlatform.ECS;
    }

    public static EcsDeploymentConfig parse(String setting, String value) {
        return (EcsDeploymentConfig) DeploymentConfig.parse(setting, value, ComputePlatform.ECS);
    }
}
