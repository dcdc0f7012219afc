package io.bluegreen.app;

/** What a service's stack builds; chosen per service in {@code config/platform.json}. */
public enum Blueprint {
    /** A (seed 000): ECR, ECS Fargate service, ALB, CodeDeploy and the pipeline, in the environment's network. */
    ECS_FARGATE,
    /** B (seed 001): the pipeline and CodeDeploy onto an ECS service that exists already, with seed 001's names. */
    EXISTING_ECS,
    /** C (seed 002): a Lambda function from a container image, built, tested, approved and shifted by CodeDeploy. */
    LAMBDA_CONTAINER,
    /** D (seed 003): a Lambda function built from TypeScript, published as a version and shifted by CodeDeploy, no approval. */
    SERVERLESS,
    /**
     * E (seed 004): a template instantiated per service: CodeCommit, a build in a VPC without
     * internet, staging, approval, production (possibly in another account), onto adopted ECS services.
     */
    ISOLATED_ECS
}
