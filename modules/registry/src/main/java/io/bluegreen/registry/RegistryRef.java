package io.bluegreen.registry;

import java.util.Objects;

/**
 * What other modules need of a container registry: where images are pushed and pulled
 * ({@code repositoryUrl}), the ARN to scope pull and push permissions to, and the key that
 * encrypts the images (pullers need kms:Decrypt on it).
 */
public record RegistryRef(String repositoryName, String repositoryUrl, String repositoryArn, String kmsKeyArn) {
    public RegistryRef {
        Objects.requireNonNull(repositoryName, "repositoryName");
        Objects.requireNonNull(repositoryUrl, "repositoryUrl");
        Objects.requireNonNull(repositoryArn, "repositoryArn");
        Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
    }

    /** The image the service runs until the pipeline's first deployment replaces it. */
    public String latestImage() {
        return repositoryUrl + ":latest";
    }
}
