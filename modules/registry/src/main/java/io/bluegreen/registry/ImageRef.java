package io.bluegreen.registry;

import io.bluegreen.core.PolicyDocument.Statement;
import java.util.Objects;

/**
 * An image the account keeps in its own registry (a tool the builds run, such as BuildKit), as
 * {@link ContainerRegistry#pinImage} reads it: pinned to the digest its tag has at plan time, so
 * what a build runs is what the reviewed plan shows.
 *
 * @param uri           {@code <registry>/<repository>@sha256:...}
 * @param repositoryArn what pullers are granted on
 */
public record ImageRef(String uri, String repositoryArn) {
    /** The page naming what a pull asks of ECR: AWS's pull-only managed policy. */
    public static final String PULL_PERMISSIONS = "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerRegistryPullOnly.html";

    public ImageRef {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(repositoryArn, "repositoryArn");
    }

    /**
     * What a pull by the image's digest asks of its repository: the manifest and the layers. The
     * login it also needs ({@code ecr:GetAuthorizationToken}, per account) comes with
     * {@link RegistryRef#grantPush()} or the caller's own grant. No KMS: ECR decrypts what it serves.
     */
    public Statement grantPull() {
        return Statement.allow("PullPinnedImage").actions("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
                .resources(repositoryArn).build();
    }
}
