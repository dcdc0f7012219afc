package io.bluegreen.app.blueprint;

import com.hashicorp.cdktf.providers.aws.iam_policy.IamPolicy;
import com.hashicorp.cdktf.providers.aws.iam_policy.IamPolicyConfig;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRole;
import com.hashicorp.cdktf.providers.aws.iam_role.IamRoleConfig;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachment;
import com.hashicorp.cdktf.providers.aws.iam_role_policy_attachment.IamRolePolicyAttachmentConfig;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.PolicyDocument;
import io.bluegreen.lambda.FunctionRef;
import io.bluegreen.registry.RegistryRef;
import java.util.ArrayList;
import java.util.List;
import software.constructs.Construct;

/**
 * A deployment role another account's pipeline assumes (C8, E8): its trust names that account
 * as the principal and its roles as a condition (a role that does not exist yet cannot be named),
 * and its one customer managed policy, no inline one, allows deploying one service only.
 */
public final class CrossAccountDeployRole extends Construct {
    public final IamRole role;
    final IamRolePolicyAttachment attachment;

    /**
     * @param trust       who may assume the role
     * @param permissions what the role may do
     * @param does        completes "Deploys ..." and "What the role may do: deploy ..." in the descriptions
     */
    public CrossAccountDeployRole(Construct scope, String id, String roleName, String description, List<Statement> trust,
                           List<Statement> permissions, String does) {
        super(scope, id);
        this.role = new IamRole(this, "role", IamRoleConfig.builder()
                .name(roleName)
                .description(description)
                .assumeRolePolicy(new PolicyDocument(trust).toJson())
                .build());
        IamPolicy policy = new IamPolicy(this, "policy", IamPolicyConfig.builder()
                .name(roleName)
                .description("What " + roleName + " may do: deploy " + does + " only")
                .policy(new PolicyDocument(permissions).toJson())
                .build());
        this.attachment = new IamRolePolicyAttachment(this, "attach", IamRolePolicyAttachmentConfig.builder()
                .role(role.getName())
                .policyArn(policy.getArn())
                .build());
    }

    /**
     * Blueprint C's (C8): CodePipeline of this account and the roles of one named tooling account
     * may assume it; it may publish this function's versions from this repository's images and
     * have CodeDeploy shift its alias.
     */
    public static CrossAccountDeployRole forFunction(Construct scope, String id, String roleName, String toolingAccountId,
                                              FunctionRef function, RegistryRef registry) {
        AwsContext context = AwsContext.of(scope);
        List<Statement> trust = List.of(
                Statement.allow("CodePipelineOfThisAccount").servicePrincipals("codepipeline.amazonaws.com")
                        .actions("sts:AssumeRole")
                        .condition("StringEquals", "aws:SourceAccount", context.accountId())
                        .build(),
                Statement.allow("RolesOfTheToolingAccount")
                        .awsPrincipals("arn:" + context.partition() + ":iam::" + toolingAccountId + ":root")
                        .actions("sts:AssumeRole")
                        // Roles only (its pipelines), never the account's users or root.
                        .condition("ArnLike", "aws:PrincipalArn", "arn:" + context.partition() + ":iam::" + toolingAccountId + ":role/*")
                        .build());
        List<Statement> statements = new ArrayList<>(function.grantPublishAndDeploy(context));
        statements.add(Statement.allow("ReadImages").actions("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:DescribeImages")
                .resources(registry.repositoryArn()).build());
        statements.add(Statement.allow("LogInToEcr").actions("ecr:GetAuthorizationToken")
                // ECR issues login tokens per account: the action has no resource to scope to.
                .resources("*").build());
        return new CrossAccountDeployRole(scope, id, roleName,
                "Deploys " + function.functionName() + " for CodePipeline here and for account " + toolingAccountId,
                trust, statements, function.functionName());
    }
}
