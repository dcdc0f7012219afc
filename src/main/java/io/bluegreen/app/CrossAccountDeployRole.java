package io.bluegreen.app;

import com.hashicorp.cdktf.providers.aws.iam_policy.IamPolicy;
import com.hashicorp.cdktf.providers.aws.iam_policy.IamPolicyConfig;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRoleConfig;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachmentConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.lambda.FunctionRef;
import io.bluegreen.registry.RegistryRef;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * Blueprint C's cross-account deployment role (C8): CodePipeline of this account and the roles of
 * one named tooling account may assume it, nothing else; it may publish this function's versions
 * from this repository's images and have CodeDeploy shift its alias, and no more. A customer
 * managed policy, no inline one.
 */
final class CrossAccountDeployRole extends Construct {
    final IamRole role;
    final IamRolePolicyAttachment attachment;

    CrossAccountDeployRole(Construct scope, String id, String roleName, String toolingAccountId, FunctionRef function,
                           RegistryRef registry) {
        super(scope, id);
        AwsContext context = AwsContext.of(this);
        this.role = new IamRole(this, "role", IamRoleConfig.builder()
                .name(roleName)
                .description("Deploys " + function.functionName() + " for CodePipeline here and for account " + toolingAccountId)
                .assumeRolePolicy(new PolicyDocument(List.of(
                        Statement.allow("CodePipelineOfThisAccount").servicePrincipals("codepipeline.amazonaws.com")
                                .actions("sts:AssumeRole")
                                .condition("StringEquals", "aws:SourceAccount", context.accountId())
                                .build(),
                        Statement.allow("RolesOfTheToolingAccount")
                                .awsPrincipals("arn:" + context.partition() + ":iam::" + toolingAccountId + ":root")
                                .actions("sts:AssumeRole")
                                // Roles only (its pipelines), never the account's users or root.
                                .condition("ArnLike", "aws:PrincipalArn", "arn:" + context.partition() + ":iam::" + toolingAccountId + ":role/*")
                                .build())).toJson())
                .build());
        List<Statement> statements = new ArrayList<>(function.grantPublishAndDeploy(context));
        statements.add(Statement.allow("ReadImages").actions("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages")
                .resources(registry.repositoryArn()).build());
        statements.add(Statement.allow("LogInToEcr").actions("ecr:GetAuthorizationToken")
                // ECR issues login tokens per account: the action has no resource to scope to.
                .resources("*").build());
        IamPolicy policy = new IamPolicy(this, "policy", IamPolicyConfig.builder()
                .name(roleName)
                .description("What " + roleName + " may do: deploy " + function.functionName() + " only")
                .policy(new PolicyDocument(statements).toJson())
                .build());
        this.attachment = new IamRolePolicyAttachment(this, "attach", IamRolePolicyAttachmentConfig.builder()
                .role(role.getName())
                .policyArn(policy.getArn())
                .build());
    }
}
