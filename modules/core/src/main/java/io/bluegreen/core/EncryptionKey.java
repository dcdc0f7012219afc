package io.bluegreen.core;

import com.hashicorp.cdktf.providers.aws.kms_alias.KmsAlias;
import com.hashicorp.cdktf.providers.aws.kms_alias.KmsAliasConfig;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKey;
import com.hashicorp.cdktf.providers.aws.kms_key.KmsKeyConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import software.constructs.Construct;

/**
 * A customer-managed KMS key with rotation on and an alias, whose policy lets the account
 * administer it and admits the AWS services given in {@link EncryptionKeyProps#serviceGrants()}
 * (X4). Deleting it schedules deletion after the shortest window AWS allows, so previews go away.
 */
public final class EncryptionKey extends Construct {
    /** The shortest pending-deletion window AWS accepts, in days. */
    public static final int DELETION_WINDOW_DAYS = 7;

    /**
     * Everything the account's administrators (through their IAM policies) do with a symmetric key,
     * spelled out because wildcard actions are refused everywhere (X5, E6). PutKeyPolicy stays in:
     * without it the key could never be managed again.
     */
    static final List<String> ADMIN_ACTIONS = List.of(
            "kms:DescribeKey", "kms:GetKeyPolicy", "kms:PutKeyPolicy", "kms:ListKeyPolicies", "kms:GetKeyRotationStatus",
            "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:RotateKeyOnDemand", "kms:ListKeyRotations",
            "kms:EnableKey", "kms:DisableKey", "kms:UpdateKeyDescription", "kms:ListResourceTags", "kms:TagResource",
            "kms:UntagResource", "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias", "kms:CreateGrant", "kms:ListGrants",
            "kms:RevokeGrant", "kms:RetireGrant", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:Encrypt",
            "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext");

    public final KmsKey key;
    public final KmsAlias alias;
    private final List<PolicyDocument.Statement> statements = new ArrayList<>();
    private final AwsContext context;

    public EncryptionKey(Construct scope, String id, EncryptionKeyProps props) {
        super(scope, id);
        this.context = AwsContext.of(this);
        statements.add(PolicyDocument.Statement.allow("AccountAdministers")
                .awsPrincipals(context.accountRootArn())
                .actions(ADMIN_ACTIONS.toArray(String[]::new))
                .resources("*")
                .build());
        for (ServiceGrant grant : props.serviceGrants()) {
            statements.add(grant.statement(context));
        }
        for (AccountGrant grant : props.accountGrants()) {
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
     * Names roles of this account in the key policy, for {@code actions} through {@code services}
     * only ({@code kms:ViaService}, e.g. {@code s3} when a role writes an object under the key):
     * the key itself admits them, and only for what those services ask of it. The role ARNs are
     * references, so Terraform creates the roles first (a key policy naming a missing role is refused).
     */
    public void grantThroughServices(String sid, List<String> roleArns, List<String> actions, List<String> services) {
        if (roleArns.isEmpty() || services.isEmpty()) {
            throw new IllegalArgumentException(sid + ": a grant needs at least one role and one service");
        }
        statements.add(PolicyDocument.Statement.allow(sid)
                .awsPrincipals(roleArns.toArray(String[]::new))
                .actions(actions.toArray(String[]::new))
                .resources("*")
                .condition("StringEquals", "kms:ViaService", services.stream()
                        .map(service -> service + "." + context.region() + ".amazonaws.com").toList())
                .build());
        key.setPolicy(new PolicyDocument(statements).toJson());
    }

    /**
     * @param naming       names the alias {@code alias/kms-<purpose>-<suffix>}
     * @param purpose      what the key protects, e.g. {@code notifications}
     * @param description  shown in the KMS console
     * @param serviceGrants AWS services that may use the key; none by default
     * @param accountGrants one role each of other accounts that may use the key through a service; none by default
     */
    public record EncryptionKeyProps(Naming naming, String purpose, String description, List<ServiceGrant> serviceGrants,
                                     List<AccountGrant> accountGrants) {
        public EncryptionKeyProps {
            Objects.requireNonNull(naming, "naming");
            Objects.requireNonNull(purpose, "purpose");
            Objects.requireNonNull(description, "description");
            serviceGrants = List.copyOf(serviceGrants);
            accountGrants = List.copyOf(accountGrants);
        }

        public EncryptionKeyProps(Naming naming, String purpose, String description, List<ServiceGrant> serviceGrants) {
            this(naming, purpose, description, serviceGrants, List.of());
        }
    }

    /**
     * Lets one role of another account use the key, only through {@code viaService} (e.g. S3
     * reading an artifact). The principal is the account and the role a condition: a key policy
     * naming a role that does not exist yet is refused, and the role is created over there.
     */
    public record AccountGrant(String sid, String roleArn, List<String> actions, String viaService) {
        private static final java.util.regex.Pattern ROLE_ARN = java.util.regex.Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/.+");

        public AccountGrant {
            Objects.requireNonNull(sid, "sid");
            if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
                throw SettingException.invalid("accountGrants.roleArn", "is not an IAM role ARN", roleArn,
                        "use arn:aws:iam::<12-digit account>:role/<name>");
            }
            actions = List.copyOf(actions);
            Objects.requireNonNull(viaService, "viaService");
        }

        public String accountId() {
            java.util.regex.Matcher matcher = ROLE_ARN.matcher(roleArn);
            matcher.matches();
            return matcher.group(1);
        }

        PolicyDocument.Statement statement(AwsContext context) {
            return PolicyDocument.Statement.allow(sid)
                    .awsPrincipals("arn:" + context.partition() + ":iam::" + accountId() + ":root")
                    .actions(actions.toArray(String[]::new))
                    .resources("*")
                    .condition("ArnEquals", "aws:PrincipalArn", roleArn)
                    .condition("StringEquals", "kms:ViaService", viaService + "." + context.region() + ".amazonaws.com")
                    .build();
        }
    }

    /**
     * Lets one AWS service principal use the key, under every one of {@code conditions}.
     * {@code principal} is the service host name without region (e.g. {@code events.amazonaws.com});
     * regional principals such as CloudWatch Logs set {@code regional}. A grant limits the service
     * to this account with {@code aws:SourceAccount} where the service sends it, otherwise with an
     * encryption context that names this account's resource.
     */
    public record ServiceGrant(String sid, String principal, boolean regional, List<String> actions, List<Condition> conditions) {
        public ServiceGrant {
            Objects.requireNonNull(sid, "sid");
            Objects.requireNonNull(principal, "principal");
            actions = List.copyOf(actions);
            conditions = List.copyOf(conditions);
        }

        PolicyDocument.Statement statement(AwsContext context) {
            String service = regional
                    ? principal.replace(".amazonaws.com", "." + context.region() + ".amazonaws.com")
                    : principal;
            PolicyDocument.Builder builder = PolicyDocument.Statement.allow(sid)
                    .servicePrincipals(service)
                    .actions(actions.toArray(String[]::new))
                    .resources("*");
            for (Condition condition : conditions) {
                builder.condition(condition.operator(), condition.key(), condition.valueFor(context));
            }
            return builder.build();
        }
    }

    /** A condition whose value may depend on the account and region, e.g. a log group ARN pattern. */
    public record Condition(String operator, String key, Function<AwsContext, Object> value) {
        public Condition {
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        /** {@code aws:SourceAccount} equals the account of the stack. */
        public static Condition sourceAccount() {
            return new Condition("StringEquals", "aws:SourceAccount", AwsContext::accountId);
        }

        Object valueFor(AwsContext context) {
            return value.apply(context);
        }
    }
}
