package io.bluegreen.core;

import java.util.Objects;
import java.util.Optional;

/** How a bucket encrypts what is written to it without encryption headers: its default encryption. */
public sealed interface BucketEncryption {
    /** {@code AES256} or {@code aws:kms}, as S3's default encryption rule names it. */
    String sseAlgorithm();

    /** The KMS key of the rule; none for SSE-S3 and for the AWS managed key, which S3 picks itself. */
    default Optional<String> kmsKeyId() {
        return Optional.empty();
    }

    /** SSE-S3 (AES256), Amazon S3's own keys: what S3 server access logging and ELB access logs can write. */
    record S3Managed() implements BucketEncryption {
        @Override
        public String sseAlgorithm() {
            return "AES256";
        }
    }

    /**
     * SSE-KMS under the account's AWS managed key {@code aws/s3}: KMS-encrypted with no key to
     * manage. Another account cannot use an AWS managed key, so such a bucket serves its own
     * account only.
     */
    record AwsManagedKey() implements BucketEncryption {
        @Override
        public String sseAlgorithm() {
            return "aws:kms";
        }
    }

    /** SSE-KMS under a customer managed key, with an S3 Bucket Key (fewer KMS requests). */
    record CustomerKey(String kmsKeyArn) implements BucketEncryption {
        public CustomerKey {
            Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
        }

        @Override
        public String sseAlgorithm() {
            return "aws:kms";
        }

        @Override
        public Optional<String> kmsKeyId() {
            return Optional.of(kmsKeyArn);
        }
    }
}
