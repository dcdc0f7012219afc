package io.bluegreen.codedeploy;

/** AWS's predefined ways of shifting a Lambda alias from the live version to the new one (D5). */
public enum LambdaDeploymentConfig implements DeploymentConfig.Predefined {
    ALL_AT_ONCE("CodeDeployDefault.LambdaAllAtOnce"),
    /** 10% first, the rest after 5 minutes. */
    CANARY_10_PERCENT_5_MINUTES("CodeDeployDefault.LambdaCanary10Percent5Minutes"),
    CANARY_10_PERCENT_10_MINUTES("CodeDeployDefault.LambdaCanary10Percent10Minutes"),
    CANARY_10_PERCENT_15_MINUTES("CodeDeployDefault.LambdaCanary10Percent15Minutes"),
    CANARY_10_PERCENT_30_MINUTES("CodeDeployDefault.LambdaCanary10Percent30Minutes"),
    LINEAR_10_PERCENT_EVERY_1_MINUTE("CodeDeployDefault.LambdaLinear10PercentEvery1Minute"),
    LINEAR_10_PERCENT_EVERY_2_MINUTES("CodeDeployDefault.LambdaLinear10PercentEvery2Minutes"),
    LINEAR_10_PERCENT_EVERY_3_MINUTES("CodeDeployDefault.LambdaLinear10PercentEvery3Minutes"),
    /** Seed 003's: 10% more every 10 minutes, 100 minutes in all. */
    LINEAR_10_PERCENT_EVERY_10_MINUTES("CodeDeployDefault.LambdaLinear10PercentEvery10Minutes");

    private final String codeDeployName;

    LambdaDeploymentConfig(String codeDeployName) {
        this.codeDeployName = codeDeployName;
    }

    @Override
    public String codeDeployName() {
        return codeDeployName;
    }

    @Override
    public ComputePlatform platform() {
        return ComputePlatform.LAMBDA;
    }

    public static LambdaDeploymentConfig parse(String setting, String value) {
        return (LambdaDeploymentConfig) DeploymentConfig.parse(setting, value, ComputePlatform.LAMBDA);
    }
}
