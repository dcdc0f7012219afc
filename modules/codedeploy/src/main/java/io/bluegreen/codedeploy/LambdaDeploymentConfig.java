package io.bluegreen.codedeploy;

/** AWS's predefined ways of shifting a Lambda alias from the live version to the new one (D5). */
public enum LambdaDeploymentConfig implements DeploymentConfig.Predefined {
    ALL_AT_ONCE("CodeDeployDefault.LambdaAllAtOnce", 0),
    /** 10% first, the rest after 5 minutes. */
    CANARY_10_PERCENT_5_MINUTES("CodeDeployDefault.LambdaCanary10Percent5Minutes", 5),
    CANARY_10_PERCENT_10_MINUTES("CodeDeployDefault.LambdaCanary10Percent10Minutes", 10),
    CANARY_10_PERCENT_15_MINUTES("CodeDeployDefault.LambdaCanary10Percent15Minutes", 15),
    CANARY_10_PERCENT_30_MINUTES("CodeDeployDefault.LambdaCanary10Percent30Minutes", 30),
    LINEAR_10_PERCENT_EVERY_1_MINUTE("CodeDeployDefault.LambdaLinear10PercentEvery1Minute", 9),
    LINEAR_10_PERCENT_EVERY_2_MINUTES("CodeDeployDefault.LambdaLinear10PercentEvery2Minutes", 18),
    LINEAR_10_PERCENT_EVERY_3_MINUTES("CodeDeployDefault.LambdaLinear10PercentEvery3Minutes", 27),
    /** Seed 003's: 10% more every 10 minutes, 100 minutes in all. */
    LINEAR_10_PERCENT_EVERY_10_MINUTES("CodeDeployDefault.LambdaLinear10PercentEvery10Minutes", 90);

    /** What a Lambda deployment shifts with unless told otherwise. */
    public static final LambdaDeploymentConfig DEFAULT = LINEAR_10_PERCENT_EVERY_10_MINUTES;

    private final String codeDeployName;
    private final int shiftMinutes;

    LambdaDeploymentConfig(String codeDeployName, int shiftMinutes) {
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
        return ComputePlatform.LAMBDA;
    }

    public static LambdaDeploymentConfig parse(String setting, String value) {
        return (LambdaDeploymentConfig) DeploymentConfig.parse(setting, value, ComputePlatform.LAMBDA);
    }
}
