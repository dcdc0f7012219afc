package io.bluegreen.pipeline;

/** How the artifact bucket encrypts what the pipeline hands from stage to stage. */
public enum ArtifactEncryption {
    /** The pipeline's own CMK, which only its roles may use. */
    PIPELINE_KEY,
    /**
     * The account's AWS managed key {@code aws/s3}: the bucket's default, and what CodePipeline and
     * CodeBuild encrypt the artifacts with (seed 003's D7, "SSE with AWS-managed keys"). No other
     * account can use it: for pipelines whose artifacts stay in this account.
     */
    AWS_MANAGED_KEY
}
