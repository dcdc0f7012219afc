package io.bluegreen.core;

import com.hashicorp.cdktf.providers.aws.iam_policy.IamPolicy;
import com.hashicorp.cdktf.providers.aws.iam_policy.IamPolicyConfig;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRoleConfig;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachmentConfig;
import com.hashicorp.cdktf.ITerraformDependable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.constructs.Construct;

/**
 * One IAM role for one AWS service principal (X5): trusted by that service only, from this
 * account only, with AWS managed policies where AWS provides the right one and otherwise one
 * customer-managed policy of the given statements (no inline policies, D8). The policy carries
 * the role's name.
 */
public final class ServiceRole extends Construct {
    public final IamRole role;
    public final Optional<IamPolicy> policy;
    /** Every policy attachment of the role, managed and customer-managed. */
    public final List<IamRolePolicyAttachment> attachments;

    public ServiceRole(Construct scope, String id, ServiceRoleProps props) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        this.role = new IamRole(this, "role", IamRoleConfig.builder()
                .name(props.roleName())
                .description(props.description())
                .assumeRolePolicy(PolicyDocument.of(PolicyDocument.Statement.allow("TrustedService")
                        .servicePrincipals(props.servicePrincipal())
                        .actions("sts:AssumeRole")
                        .condition("StringEquals", "aws:SourceAccount", context.accountId())
                        .build()).toJson())
                .build());
        List<IamRolePolicyAttachment> attached = new ArrayList<>();
        for (int i = 0; i < props.managedPolicyArns().size(); i++) {
            attached.add(new IamRolePolicyAttachment(this, "managed-" + (i + 1), IamRolePolicyAttachmentConfig.builder()
                    .role(role.getName())
                    .policyArn(props.managedPolicyArns().get(i))
                    .build()));
        }
        if (props.statements().isEmpty()) {
            this.policy = Optional.empty();
        } else {
            IamPolicy created = new IamPolicy(this, "policy", IamPolicyConfig.builder()
                    .name(props.roleName())
                    .description(props.description())
                    .policy(new PolicyDocument(props.statements()).toJson())
                    .build());
            attached.add(new IamRolePolicyAttachment(this, "attach", IamRolePolicyAttachmentConfig.builder()
                    .role(role.getName())
                    .policyArn(created.getArn())
                    .build()));
            this.policy = Optional.of(created);
        }
        this.attachments = List.copyOf(attached);
    }

    public String arn() {
        return role.getArn();
    }

    /**
     * What a resource that uses the role depends on: its attachments. A pipeline, project or
     * deployment group created before them would start its first run with a role that may do
     * nothing yet; depending on the policy alone is not enough, the attachment is what grants.
     */
    public List<ITerraformDependable> permissions() {
        return List.copyOf(attachments);
    }

    /**
     * @param roleName          the role's (and its policy's) name; required
     * @param servicePrincipal  e.g. {@code codebuild.amazonaws.com}; required
     * @param description       what the role may do, shown in the IAM console; required
     * @param managedPolicyArns AWS managed policies to attach; none by default
     * @param statements        the customer-managed policy's statements; none means no policy
     */
    public record ServiceRoleProps(String roleName, String servicePrincipal, String description,
                                   List<String> managedPolicyArns, List<PolicyDocument.Statement> statements) {
        public ServiceRoleProps {
            Objects.requireNonNull(roleName, "roleName");
            Objects.requireNonNull(servicePrincipal, "servicePrincipal");
            Objects.requireNonNull(description, "description");
            managedPolicyArns = List.copyOf(managedPolicyArns);
            statements = List.copyOf(statements);
        }
    }
}
