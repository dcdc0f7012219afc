package io.bluegreen.codedeploy;

/** What CodeDeploy deploys to; fixes the application's platform and the service role's managed policy. */
public enum ComputePlatform {
    /** Shifts an ALB's listeners between two target groups of an ECS service. */
    ECS("ECS", "AWSCodeDeployRoleForECS"),
    /** Shifts a Lambda alias's weights between two published versions. */
    LAMBDA("Lambda", "service-role/AWSCodeDeployRoleForLambdaLimited");

    private final String codeDeployName;
    private final String managedPolicy;

    ComputePlatform(String codeDeployName, String managedPolicy) {
        this.codeDeployName = codeDeployName;
        this.managedPolicy = managedPolicy;
    }

    /** The application's {@code compute_platform}. */
    public String codeDeployName() {
        return codeDeployName;
    }

    /**
     * The AWS managed policy CodeDeploy's role gets: what the service needs for this platform and
     * no more (the Limited Lambda policy cannot publish to SNS or read other buckets).
     */
    public String managedPolicyArn(String partition) {
        return "arn:" + partition + ":iam::aws:policy/" + managedPolicy;
    }
}
