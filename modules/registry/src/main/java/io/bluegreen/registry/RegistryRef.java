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

    /**
     * The tag a service's first task definition names, before any build pushed an image. Nothing
     * runs it (the service starts with no tasks); should someone scale up early, ECS reports this
     * tag as not found, which says what is missing. Tags are immutable, so it cannot move.
     */
    public static final String NOT_YET_BUILT = "not-yet-built";

    /** {@code <repositoryUrl>:<tag>}. */
    public String image(String tag) {
        return repositoryUrl + ":" + tag;
    }
}
