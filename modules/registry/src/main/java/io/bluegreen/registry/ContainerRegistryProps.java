package io.bluegreen.registry;

import io.bluegreen.core.Naming;
import io.bluegreen.core.ResourceType;
import io.bluegreen.core.SettingException;
import java.util.Objects;

/**
 * Settings of {@link ContainerRegistry}.
 *
 * @param naming         names the repository {@code ecr-<purpose>-<suffix>} and its key; required
 * @param purpose        the service whose images it holds, e.g. {@code web}; required
 * @param imagesToKeep   images kept, older ones expire (A2: 10 by default); 1 to 1000
 */
public record ContainerRegistryProps(Naming naming, String purpose, int imagesToKeep) {
    public static final int DEFAULT_IMAGES_TO_KEEP = 10;

    public ContainerRegistryProps {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(purpose, "purpose");
        if (imagesToKeep < 1 || imagesToKeep > 1000) {
            throw SettingException.invalid("imagesToKeep", "must be between 1 and 1000", imagesToKeep,
                    "keep at least the image that is deployed; 10 is the default");
        }
    }

    public static ContainerRegistryProps of(Naming naming, String purpose) {
        return new ContainerRegistryProps(naming, purpose, DEFAULT_IMAGES_TO_KEEP);
    }

    String repositoryName() {
        return naming.name(ResourceType.ECR_REPOSITORY, purpose);
    }
}
