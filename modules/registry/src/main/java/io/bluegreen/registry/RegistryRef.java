package io.bluegreen.registry;

import io.bluegreen.core.PolicyDocument.Statement;
import java.util.List;
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

    /**
     * What a build that pushes images here needs: an ECR login (per account, so on {@code *}),
     * push and read on this repository, and its key for the layers.
     */
    public List<Statement> grantPush() {
        return List.of(
                Statement.allow("LogInToEcr").actions("ecr:GetAuthorizationToken")
                        // ECR issues login tokens per account: the action has no resource to scope to.
                        .resources("*").build(),
                Statement.allow("PushImages")
                        .actions("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer",
                                "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage",
                                "ecr:DescribeImages")
                        .resources(repositoryArn).build(),
                Statement.allow("EncryptImages").actions("kms:Decrypt", "kms:GenerateDataKey")
                        .resources(kmsKeyArn).build());
    }

    /** {@code <repositoryUrl>:<tag>}. */
    public String image(String tag) {
        return repositoryUrl + ":" + tag;
    }
}
