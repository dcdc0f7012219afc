package io.bluegreen.app;

import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.LocalBackendConfig;
import com.hashicorp.cdktf.TerraformStack;
import io.bluegreen.core.EncryptionKey;
import io.bluegreen.core.EncryptionKey.EncryptionKeyProps;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SecureBucket;
import io.bluegreen.core.SecureBucket.SecureBucketProps;
import java.util.List;
import java.util.Optional;
import software.constructs.Construct;

/**
 * Creates the state bucket named in {@code backend.tf.json} (P5): versioned, encrypted with its
 * own key, public access blocked, TLS only. Its own state is local because the bucket it would
 * live in does not exist yet. Locking needs no table: the S3 backend's lock file lives in the
 * same bucket.
 */
public final class BootstrapStack extends TerraformStack {
    public static final String NAME = "bootstrap";
    /** The bootstrap serves every environment, so its names and tags carry this instead. */
    public static final String SHARED = "shared";
    /**
     * Relative to the stack directory {@code <outdir>/stacks/bootstrap}: the state sits beside
     * the output directory (the project root for {@code cdktf.out}), so deleting or re-synthesizing
     * cdktf.out does not lose it. *.tfstate is git-ignored.
     */
    public static final String STATE_PATH = "../../../terraform.bootstrap.tfstate";

    public final SecureBucket stateBucket;

    public BootstrapStack(Construct scope, BackendSettings backend, String projectName, Optional<String> costCenter) {
        super(scope, NAME);
        StackBasics.awsProvider(this, backend.region(), StackBasics.tags(SHARED, projectName, costCenter));
        new LocalBackend(this, LocalBackendConfig.builder().path(STATE_PATH).build());
        EncryptionKey key = new EncryptionKey(this, "state-key", new EncryptionKeyProps(Naming.of(SHARED), projectName + "-tfstate",
                "Encrypts the Terraform state in " + backend.bucket(), List.of()));
        this.stateBucket = new SecureBucket(this, "state", SecureBucketProps.encryptedWith(backend.bucket(), key.arn()));
        StackBasics.output(this, "stateBucketName", stateBucket.name());
        StackBasics.output(this, "stateKeyArn", key.arn());
    }
}
