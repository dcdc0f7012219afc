package io.bluegreen.codedeploy;

/** AWS's predefined ways of shifting production traffic from the blue to the green tasks (A5). */
public enum EcsDeploymentConfig implements DeploymentConfig.Predefined {
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
