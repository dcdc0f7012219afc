package io.bluegreen.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hashicorp.cdktf.providers.aws.ecr_lifecycle_policy.EcrLifecyclePolicy;
import com.hashicorp.cdktf.providers.aws.ecr_lifecycle_policy.EcrLifecyclePolicyConfig;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepository;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryConfig;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryEncryptionConfiguration;
import com.hashicorp.cdktf.providers.aws.ecr_repository.EcrRepositoryImageScanningConfiguration;
import com.hashicorp.cdktf.providers.aws.ecr_repository_policy.EcrRepositoryPolicy;
import com.hashicorp.cdktf.providers.aws.ecr_repository_policy.EcrRepositoryPolicyConfig;
import com.hashicorp.cdktf.Postcondition;
import com.hashicorp.cdktf.TerraformDataSource;
import com.hashicorp.cdktf.TerraformResourceConfig;
import com.hashicorp.cdktf.providers.aws.data_aws_ecr_image.DataAwsEcrImage;
import com.hashicorp.cdktf.providers.aws.data_aws_ecr_image.DataAwsEcrImageConfig;
import com.hashicorp.cdktf.TerraformProvider;
import com.hashicorp.cdktf.TerraformResourceLifecycle;
import com.hashicorp.cdktf.providers.aws.data_aws_ecr_repository.DataAwsEcrRepository;
import com.hashicorp.cdktf.providers.aws.data_aws_ecr_repository.DataAwsEcrRepositoryConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.PolicyDocument;
import io.bluegreen.core.EncryptionKey.EncryptionKeyProps;
import java.util.List;
import software.constructs.Construct;

/**
 * An ECR repository for one service's images (A2, C3): images scanned on push, encrypted with
 * the registry's own customer-managed key, tags immutable so a tag names one image forever (what
 * was approved is what deploys; nothing can be moved under a running service), only the newest
 * {@code imagesToKeep} images kept, and deletable while it holds images so a preview
 * environment's destroy removes it (X2).
 */
public final class ContainerRegistry extends Construct {
    private static final ObjectMapper JSON = new ObjectMapper();

    public final EncryptionKey key;
    public final EcrRepository repository;
    public final EcrLifecyclePolicy lifecyclePolicy;
    private final RegistryRef ref;

    public ContainerRegistry(Construct scope, String id, ContainerRegistryProps props) {
        super(scope, id);
        String name = props.repositoryName();
        this.key = new EncryptionKey(this, "key", new EncryptionKeyProps(props.naming(), "ecr-" + props.purpose(),
                "Encrypts the images of the ECR repository " + name, List.of()));
        this.repository = new EcrRepository(this, "repository", EcrRepositoryConfig.builder()
                .name(name)
                .imageTagMutability("IMMUTABLE")
                .forceDelete(true)
                .imageScanningConfiguration(EcrRepositoryImageScanningConfiguration.builder().scanOnPush(true).build())
                .encryptionConfiguration(List.of(EcrRepositoryEncryptionConfiguration.builder()
                        .encryptionType("KMS")
                        .kmsKey(key.arn())
                        .build()))
                .build());
        this.lifecyclePolicy = new EcrLifecyclePolicy(this, "lifecycle", EcrLifecyclePolicyConfig.builder()
                .repository(repository.getName())
                .policy(lifecyclePolicy(props.imagesToKeep()))
                .build());
        this.ref = new RegistryRef(name, repository.getRepositoryUrl(), repository.getArn(), key.arn());
    }

    public RegistryRef ref() {
        return ref;
    }

    /**
     * Lets Lambda pull this repository's images for the functions {@code functionArnPattern}
     * matches (e.g. one function's ARN), as a repository policy: Lambda reads a container image
     * with its own service principal, not with the function's role.
     */
    public EcrRepositoryPolicy grantLambdaPull(String functionArnPattern) {
        return new EcrRepositoryPolicy(this, "policy", EcrRepositoryPolicyConfig.builder()
                .repository(repository.getName())
                .policy(PolicyDocument.of(PolicyDocument.Statement.allow("LambdaPullsImages")
                        .servicePrincipals("lambda.amazonaws.com")
                        .actions("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
                        .condition("StringLike", "aws:SourceArn", functionArnPattern)
                        .build()).toJson())
                .build());
    }

    /**
     * Lets one role of another account pull the images of the repository {@code repositoryName}
     * (E8: production's tasks run from the image the pipeline account built), as the repository's
     * policy: a cross-account pull needs the repository to admit the puller besides the puller's
     * own permissions (ECR user guide, "Repository policy examples"). The account is the
     * principal and the role a condition, as a role that is recreated keeps its ARN, not its id.
     * A repository has one policy: this one replaces any its owner set, and destroy removes it.
     *
     * @param accountId the puller's account
     * @param roleArn   the role that pulls, in that account
     * @param provider  the provider of the repository's account, where the caller's default is another
     */
    public static EcrRepositoryPolicy grantPullToRole(Construct scope, String id, String repositoryName, String accountId,
                                                      String roleArn, TerraformProvider provider) {
        String account = "arn:" + AwsContext.of(scope).partition() + ":iam::" + accountId + ":root";
        return new EcrRepositoryPolicy(scope, id, EcrRepositoryPolicyConfig.builder()
                .provider(provider)
                .repository(repositoryName)
                .policy(PolicyDocument.of(PolicyDocument.Statement.allow("PullFromAnotherAccount")
                        .awsPrincipals(account)
                        .actions("ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")
                        .condition("ArnEquals", "aws:PrincipalArn", roleArn)
                        .build()).toJson())
                .build());
    }

    /**
     * A repository made elsewhere (E3: looked up, never changed). Planning stops unless it is
     * encrypted with a customer-managed KMS key (E4: every artifact under a CMK; the ref's
     * {@code kmsKeyArn} is then that key) and its tags are immutable (what was approved is what
     * deploys).
     */
    public static RegistryRef lookup(Construct scope, String id, String repositoryName) {
        if (repositoryName == null || !REPOSITORY_NAME.matcher(repositoryName).matches()) {
            throw io.bluegreen.core.SettingException.invalid("ecrRepositoryName", "is not an ECR repository name", repositoryName,
                    "use 2-256 lowercase letters, digits and . _ - / , e.g. 'orders'");
        }
        DataAwsEcrRepository repository = new DataAwsEcrRepository(scope, id, DataAwsEcrRepositoryConfig.builder()
                .name(repositoryName)
                .lifecycle(TerraformResourceLifecycle.builder().postcondition(List.of(
                        Postcondition.builder()
                                .condition("${self.encryption_configuration[0].encryption_type == \"KMS\"}")
                                .errorMessage("The ECR repository " + repositoryName + " is encrypted with "
                                        + "${self.encryption_configuration[0].encryption_type}; every artifact of an isolated "
                                        + "pipeline needs a customer-managed KMS key (E4). Recreate it with KMS encryption.")
                                .build(),
                        Postcondition.builder()
                                .condition("${self.image_tag_mutability == \"IMMUTABLE\"}")
                                .errorMessage("The ECR repository " + repositoryName + " has mutable tags: a tag could name "
                                        + "another image than the one approved. Set its tag mutability to IMMUTABLE.")
                                .build())).build())
                .build());
        return new RegistryRef(repositoryName, repository.getRepositoryUrl(), repository.getArn(),
                com.hashicorp.cdktf.Token.asString(repository.getEncryptionConfiguration().get(0).getKmsKey()));
    }

    /**
     * Reads {@code name} ({@code <repository>:<tag>}, an image in the registry of the stack's
     * account and region, such as a copy of a tool the builds run) and pins it to the digest its
     * tag has at plan time: a tag moved later shows in the next plan, not silently in a build. A
     * repository that does not exist stops the plan saying so and how to fill it; a tag it lacks
     * stops the image's lookup ({@code data.aws_ecr_image.<id>_image_...}: "couldn't find resource").
     *
     * @param setting where {@code name} came from, named when it is malformed or missing
     */
    public static ImageRef pinImage(Construct scope, String id, String setting, String name) {
        java.util.regex.Matcher parts = IMAGE_NAME.matcher(name == null ? "" : name);
        if (!parts.matches()) {
            throw io.bluegreen.core.SettingException.invalid(setting, "is not <repository>:<tag> of an image in this account's ECR "
                    + "registry", name, "use e.g. 'buildkit:v0.16.0' (a repository name in lowercase letters, digits and . _ - /, "
                    + "a colon, a tag)");
        }
        String repositoryName = parts.group(1);
        String tag = parts.group(2);
        Construct pin = new Construct(scope, id);
        // aws_ecr_repositories is newer than the bindings (provider 5.30.0): a plain block, read for its names.
        TerraformDataSource repositories = new TerraformDataSource(pin, "repositories", TerraformResourceConfig.builder()
                .terraformResourceType("aws_ecr_repositories")
                .lifecycle(TerraformResourceLifecycle.builder().postcondition(List.of(Postcondition.builder()
                        // An account without repositories answers no names at all (null).
                        .condition("${contains(self.names == null ? [] : tolist(self.names), \"" + repositoryName + "\")}")
                        .errorMessage("The ECR repository " + repositoryName + " that " + setting + " names does not exist in this "
                                + "account and region. Create it and push the image tagged " + tag + " into it (aws ecr "
                                + "create-repository --repository-name " + repositoryName + " --image-tag-mutability IMMUTABLE; docker "
                                + "push <account>.dkr.ecr.<region>.amazonaws.com/" + repositoryName + ":" + tag + "), then plan again.")
                        .build())).build())
                .build());
        DataAwsEcrRepository repository = new DataAwsEcrRepository(pin, "repository", DataAwsEcrRepositoryConfig.builder()
                .name(repositoryName)
                .dependsOn(List.of(repositories))
                .build());
        DataAwsEcrImage image = new DataAwsEcrImage(pin, "image", DataAwsEcrImageConfig.builder()
                .repositoryName(repository.getName())
                .imageTag(tag)
                .build());
        return new ImageRef(repository.getRepositoryUrl() + "@" + image.getImageDigest(), repository.getArn());
    }

    private static final java.util.regex.Pattern IMAGE_NAME = java.util.regex.Pattern.compile(
            "([a-z0-9]+(?:[._/-][a-z0-9]+)*):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})");

    private static final java.util.regex.Pattern REPOSITORY_NAME = java.util.regex.Pattern.compile(
            "[a-z0-9]+([._/-][a-z0-9]+)*");

    static String lifecyclePolicy(int imagesToKeep) {
        ObjectNode rule = JSON.createObjectNode()
                .put("rulePriority", 1)
                .put("description", "Keep the newest " + imagesToKeep + " images");
        rule.putObject("selection")
                .put("tagStatus", "any")
                .put("countType", "imageCountMoreThan")
                .put("countNumber", imagesToKeep);
        rule.putObject("action").put("type", "expire");
        ObjectNode policy = JSON.createObjectNode();
        policy.putArray("rules").add(rule);
        return policy.toString();
    }
}
