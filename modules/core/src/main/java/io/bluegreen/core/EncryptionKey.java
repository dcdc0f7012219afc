package io.bluegreen.core;

import com.hashicorp.cdktf.providers.aws.kms_alias.KmsAlias;
import com.hashicorp.cdktf.providers.aws.kms_alias.KmsAliasConfig;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKeyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.constructs.Construct;

/**
 * A customer-managed KMS key with rotation on and an alias, whose policy lets the account
 * administer it and admits the AWS services given in {@link EncryptionKeyProps#serviceGrants()}
 * (X4). Deleting it schedules deletion after the shortest window AWS allows, so previews go away.
 */
public final class EncryptionKey extends Construct {
    /** The shortest pending-deletion window AWS accepts, in days. */
    public static final int DELETION_WINDOW_DAYS = 7;

    private static final String[] ADMIN_ACTIONS = {
        "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
        "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion",
        "kms:CancelKeyDeletion", "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"};

    public final KmsKey key;
    public final KmsAlias alias;

    public EncryptionKey(Construct scope, String id, EncryptionKeyProps props) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        List<PolicyDocument.Statement> statements = new ArrayList<>();
        statements.add(PolicyDocument.Statement.allow("AccountAdministers")
                .awsPrincipals(context.accountRootArn())
                .actions(ADMIN_ACTIONS)
                .resources("*")
                .build());
        for (ServiceGrant grant : props.serviceGrants()) {
            statements.add(grant.statement(context));
        }
        this.key = new KmsKey(this, "key", KmsKeyConfig.builder()
                .description(props.description())
                .enableKeyRotation(true)
                .deletionWindowInDays(DELETION_WINDOW_DAYS)
                .policy(new PolicyDocument(statements).toJson())
                .build());
        this.alias = new KmsAlias(this, "alias", KmsAliasConfig.builder()
                .name(props.naming().kmsAlias(props.purpose()))
                .targetKeyId(key.getKeyId())
                .build());
    }

    public String arn() {
        return key.getArn();
    }

    /**
     * @param naming       names the alias {@code alias/kms-<purpose>-<suffix>}
     * @param purpose      what the key protects, e.g. {@code notifications}
     * @param description  shown in the KMS console
     * @param serviceGrants AWS services that may use the key; none by default
     */
    public record EncryptionKeyProps(Naming naming, String purpose, String description, List<ServiceGrant> serviceGrants) {
        public EncryptionKeyProps {
            Objects.requireNonNull(naming, "naming");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(description, "description");
            serviceGrants = List.copyOf(serviceGrants);
        }
    }

    /**
     * Lets one AWS service principal use the key. {@code principal} is the service host name
     * without region (e.g. {@code events.amazonaws.com}); regional principals such as CloudWatch
     * Logs set {@code regional}.
     */
    public record ServiceGrant(String sid, String principal, boolean regional, List<String> actions, Condition condition) {
        public ServiceGrant {
            Objects.requireNonNull(sid, "sid");
            Objects.requireNonNull(principal, "principal");
            actions = List.copyOf(actions);
        }

        public static ServiceGrant of(String sid, String principal, String... actions) {
            return new ServiceGrant(sid, principal, false, List.of(actions), null);
        }

        PolicyDocument.Statement statement(AwsContext context) {
            String service = regional
                    ? principal.replace(".amazonaws.com", "." + context.region() + ".amazonaws.com")
                    : principal;
            PolicyDocument.Builder builder = PolicyDocument.Statement.allow(sid)
                    .servicePrincipals(service)
                    .actions(actions.toArray(String[]::new))
                    .resources("*");
            if (condition != null) {
                builder.condition(condition.operator(), condition.key(), condition.valueFor(context));
            }
            return builder.build();
        }
    }

    /** A condition whose value may depend on the account and region, e.g. a log group ARN pattern. */
    public record Condition(String operator, String key, java.util.function.Function<AwsContext, Object> value) {
        Object valueFor(AwsContext context) {
            return value.apply(context);
        }
    }
}
