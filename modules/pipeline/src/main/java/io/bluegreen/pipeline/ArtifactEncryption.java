package io.bluegreen.pipeline;

/** How the artifact bucket encrypts what the pipeline hands from stage to stage. */
public enum ArtifactEncryption {
    /** The pipeline's own CMK, which only its roles may use. */
    PIPELINE_KEY,
    /** S3's keys: SSE-S3 on the bucket, CodePipeline's AWS managed {@code aws/s3} key on the artifacts (seed 003's D7). */
    S3_MANAGED
}
