package io.bluegreen.vpc;

/** VPC endpoints that let builds and tasks in private subnets reach AWS without the internet. */
public enum Endpoint {
    S3("s3", true),
    ECR_API("ecr.api", false),
    ECR_DKR("ecr.dkr", false),
    LOGS("logs", false),
    STS("sts", false),
    KMS("kms", false),
    SECRETS_MANAGER("secretsmanager", false),
    /** ECS's API (DescribeTaskDefinition, RegisterTaskDefinition) from inside the VPC. */
    ECS("ecs", false),
    /** Git over HTTPS to CodeCommit, for builds that fetch from a repository. */
    GIT_CODECOMMIT("git-codecommit", false),
    /** CodeBuild's API from inside the VPC: what a build reports (test reports, its own status calls). */
    CODEBUILD("codebuild", false);

    private final String service;
    private final boolean gateway;

    Endpoint(String service, boolean gateway) {
        this.service = service;
        this.gateway = gateway;
    }

    /** The part after {@code com.amazonaws.<region>.}. */
    public String service() {
        return service;
    }

    /** Gateway endpoints attach to route tables; the others are interfaces in the private subnets. */
    public boolean isGateway() {
        return gateway;
    }

    /** The construct id part, e.g. {@code ecr-api}. */
    public String id() {
        return name().toLowerCase().replace('_', '-');
    }
}
