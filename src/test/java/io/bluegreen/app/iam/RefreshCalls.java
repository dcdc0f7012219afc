package io.bluegreen.app.iam;

import io.bluegreen.app.iam.TerraformModel.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * What {@code terraform plan} reads: the provider refreshes every resource of a stack and reads
 * every data source, as the plan role (ReadOnlyAccess and the bootstrap's state policy) in the
 * pipeline account, and as the production account's access role (AdministratorAccess, as AWS
 * creates OrganizationAccountAccessRole) there. Each type's main read calls are those of the AWS
 * provider's read function (github.com/hashicorp/terraform-provider-aws, internal/service); a
 * type that is not here fails, so a new kind of resource brings its reads along.
 */
final class RefreshCalls {
    static final String PROVIDER = "https://github.com/hashicorp/terraform-provider-aws/tree/v5.100.0/internal/service";
    static final String ACCESS_ROLE = "OrganizationAccountAccessRole";

    /** One read call: the action, and the resource it names for a block ({@code *} for actions without one). */
    private record Read(String action, BiFunction<TerraformModel, Block, String> resource) {
    }

    private static final BiFunction<TerraformModel, Block, String> ANY = (m, b) -> "*";
    private static final BiFunction<TerraformModel, Block, String> ARN = (m, b) -> m.attribute(b, List.of("arn"));
    private static final BiFunction<TerraformModel, Block, String> BUCKET = (m, b) -> "arn:aws:s3:::" + m.argument(b, "bucket");

    private static final Map<String, List<Read>> RESOURCES = Map.ofEntries(
            Map.entry("aws_cloudwatch_event_permission", List.of(new Read("events:DescribeEventBus", Policies::bus))),
            Map.entry("aws_cloudwatch_event_rule", List.of(new Read("events:DescribeRule", ARN), new Read("events:ListTagsForResource", ARN))),
            Map.entry("aws_cloudwatch_event_target", List.of(new Read("events:ListTargetsByRule",
                    (m, b) -> m.arn(b, "events", "rule/" + m.argument(b, "rule"))))),
            Map.entry("aws_cloudwatch_log_group", List.of(new Read("logs:DescribeLogGroups", ANY), new Read("logs:ListTagsForResource", ARN))),
            Map.entry("aws_cloudwatch_metric_alarm", List.of(new Read("cloudwatch:DescribeAlarms", ARN),
                    new Read("cloudwatch:ListTagsForResource", ARN))),
            Map.entry("aws_codebuild_project", List.of(new Read("codebuild:BatchGetProjects", ARN))),
            Map.entry("aws_codebuild_report_group", List.of(new Read("codebuild:BatchGetReportGroups", ARN))),
            // Approval rule templates have no ARN: CodeCommit authorizes their actions on * only.
            Map.entry("aws_codecommit_approval_rule_template", List.of(new Read("codecommit:GetApprovalRuleTemplate", ANY))),
            Map.entry("aws_codecommit_approval_rule_template_association", List.of(
                    new Read("codecommit:ListRepositoriesForApprovalRuleTemplate", ANY))),
            Map.entry("aws_codecommit_repository", List.of(new Read("codecommit:GetRepository", ARN),
                    new Read("codecommit:ListTagsForResource", ARN))),
            Map.entry("aws_codedeploy_app", List.of(new Read("codedeploy:GetApplication", ARN), new Read("codedeploy:ListTagsForResource", ARN))),
            Map.entry("aws_codedeploy_deployment_group", List.of(new Read("codedeploy:GetDeploymentGroup", ARN))),
            Map.entry("aws_codepipeline", List.of(new Read("codepipeline:GetPipeline", ARN), new Read("codepipeline:ListTagsForResource", ARN))),
            Map.entry("aws_default_security_group", List.of(new Read("ec2:DescribeSecurityGroups", ANY))),
            Map.entry("aws_dynamodb_table", List.of(new Read("dynamodb:DescribeTable", ARN), new Read("dynamodb:DescribeContinuousBackups", ARN),
                    new Read("dynamodb:DescribeTimeToLive", ARN), new Read("dynamodb:ListTagsOfResource", ARN))),
            Map.entry("aws_ecr_lifecycle_policy", List.of(new Read("ecr:GetLifecyclePolicy", RefreshCalls::repository))),
            Map.entry("aws_ecr_repository", List.of(new Read("ecr:DescribeRepositories", ARN), new Read("ecr:ListTagsForResource", ARN))),
            Map.entry("aws_ecr_repository_policy", List.of(new Read("ecr:GetRepositoryPolicy", RefreshCalls::repository))),
            Map.entry("aws_ecs_cluster", List.of(new Read("ecs:DescribeClusters", ARN))),
            Map.entry("aws_ecs_service", List.of(new Read("ecs:DescribeServices", ARN))),
            Map.entry("aws_ecs_task_definition", List.of(new Read("ecs:DescribeTaskDefinition", ANY))),
            Map.entry("aws_eip", List.of(new Read("ec2:DescribeAddresses", ANY))),
            Map.entry("aws_flow_log", List.of(new Read("ec2:DescribeFlowLogs", ANY))),
            Map.entry("aws_iam_policy", List.of(new Read("iam:GetPolicy", ARN), new Read("iam:GetPolicyVersion", ARN), new Read("iam:ListPolicyTags", ARN))),
            Map.entry("aws_iam_role", List.of(new Read("iam:GetRole", ARN), new Read("iam:ListAttachedRolePolicies", ARN),
                    new Read("iam:ListRolePolicies", ARN))),
            Map.entry("aws_iam_role_policy_attachment", List.of(new Read("iam:ListAttachedRolePolicies",
                    (m, b) -> "arn:aws:iam::" + b.account() + ":role/" + m.argument(b, "role")))),
            Map.entry("aws_internet_gateway", List.of(new Read("ec2:DescribeInternetGateways", ANY))),
            Map.entry("aws_kms_alias", List.of(new Read("kms:ListAliases", ANY))),
            Map.entry("aws_kms_key", List.of(new Read("kms:DescribeKey", ARN), new Read("kms:GetKeyPolicy", ARN),
                    new Read("kms:GetKeyRotationStatus", ARN), new Read("kms:ListResourceTags", ARN))),
            Map.entry("aws_lambda_alias", List.of(new Read("lambda:GetAlias", (m, b) -> m.arn(b, "lambda", "function:" + m.argument(b, "function_name"))))),
            Map.entry("aws_lambda_function", List.of(new Read("lambda:GetFunction", ARN), new Read("lambda:ListVersionsByFunction", ARN),
                    new Read("lambda:GetFunctionCodeSigningConfig", ARN))),
            Map.entry("aws_lb", List.of(new Read("elasticloadbalancing:DescribeLoadBalancers", ANY),
                    new Read("elasticloadbalancing:DescribeLoadBalancerAttributes", ANY), new Read("elasticloadbalancing:DescribeTags", ANY))),
            Map.entry("aws_lb_listener", List.of(new Read("elasticloadbalancing:DescribeListeners", ANY))),
            Map.entry("aws_lb_target_group", List.of(new Read("elasticloadbalancing:DescribeTargetGroups", ANY),
                    new Read("elasticloadbalancing:DescribeTargetGroupAttributes", ANY))),
            Map.entry("aws_nat_gateway", List.of(new Read("ec2:DescribeNatGateways", ANY))),
            Map.entry("aws_route", List.of(new Read("ec2:DescribeRouteTables", ANY))),
            Map.entry("aws_route_table", List.of(new Read("ec2:DescribeRouteTables", ANY))),
            Map.entry("aws_route_table_association", List.of(new Read("ec2:DescribeRouteTables", ANY))),
            Map.entry("aws_s3_bucket", List.of(new Read("s3:ListBucket", BUCKET), new Read("s3:GetBucketPolicy", BUCKET),
                    new Read("s3:GetBucketTagging", BUCKET), new Read("s3:GetBucketVersioning", BUCKET))),
            Map.entry("aws_s3_bucket_lifecycle_configuration", List.of(new Read("s3:GetLifecycleConfiguration", BUCKET))),
            Map.entry("aws_s3_bucket_logging", List.of(new Read("s3:GetBucketLogging", BUCKET))),
            Map.entry("aws_s3_bucket_ownership_controls", List.of(new Read("s3:GetBucketOwnershipControls", BUCKET))),
            Map.entry("aws_s3_bucket_policy", List.of(new Read("s3:GetBucketPolicy", BUCKET))),
            Map.entry("aws_s3_bucket_public_access_block", List.of(new Read("s3:GetBucketPublicAccessBlock", BUCKET))),
            Map.entry("aws_s3_bucket_server_side_encryption_configuration", List.of(new Read("s3:GetEncryptionConfiguration", BUCKET))),
            Map.entry("aws_s3_bucket_versioning", List.of(new Read("s3:GetBucketVersioning", BUCKET))),
            Map.entry("aws_secretsmanager_secret", List.of(new Read("secretsmanager:DescribeSecret", ARN),
                    new Read("secretsmanager:GetResourcePolicy", ARN))),
            Map.entry("aws_security_group", List.of(new Read("ec2:DescribeSecurityGroups", ANY))),
            Map.entry("aws_security_group_rule", List.of(new Read("ec2:DescribeSecurityGroups", ANY))),
            Map.entry("aws_sfn_state_machine", List.of(new Read("states:DescribeStateMachine", ARN), new Read("states:ListTagsForResource", ARN))),
            Map.entry("aws_sns_topic", List.of(new Read("sns:GetTopicAttributes", ARN), new Read("sns:ListTagsForResource", ARN))),
            Map.entry("aws_sns_topic_policy", List.of(new Read("sns:GetTopicAttributes", (m, b) -> m.argument(b, "arn")))),
            Map.entry("aws_sns_topic_subscription", List.of(new Read("sns:GetSubscriptionAttributes", (m, b) -> m.argument(b, "topic_arn")))),
            Map.entry("aws_sqs_queue", List.of(new Read("sqs:GetQueueAttributes", ARN), new Read("sqs:ListQueueTags", ARN))),
            Map.entry("aws_ssm_parameter", List.of(new Read("ssm:GetParameter", ARN), new Read("ssm:ListTagsForResource", ARN))),
            Map.entry("aws_subnet", List.of(new Read("ec2:DescribeSubnets", ANY))),
            Map.entry("aws_vpc", List.of(new Read("ec2:DescribeVpcs", ANY),
                    new Read("ec2:DescribeVpcAttribute", (m, b) -> m.arn(b, "ec2", "vpc/" + m.attribute(b, List.of("id")))))),
            Map.entry("aws_vpc_endpoint", List.of(new Read("ec2:DescribeVpcEndpoints", ANY))),
            Map.entry("aws_vpc_security_group_ingress_rule", List.of(new Read("ec2:DescribeSecurityGroupRules", ANY))),
            Map.entry("aws_wafv2_web_acl", List.of(new Read("wafv2:GetWebACL", ARN), new Read("wafv2:ListTagsForResource", ARN))),
            Map.entry("aws_wafv2_web_acl_logging_configuration", List.of(new Read("wafv2:GetLoggingConfiguration",
                    (m, b) -> m.argument(b, "resource_arn")))),
            Map.entry("aws_wafv2_web_acl_association", List.of(new Read("wafv2:GetWebACLForResource", (m, b) -> m.argument(b, "resource_arn")))),
            Map.entry("terraform_data", List.of()));

    private static final Map<String, List<Read>> DATA_SOURCES = Map.ofEntries(
            Map.entry("aws_caller_identity", List.of(new Read("sts:GetCallerIdentity", ANY))),
            Map.entry("aws_region", List.of()),
            Map.entry("aws_partition", List.of()),
            Map.entry("aws_elb_service_account", List.of()),
            Map.entry("aws_availability_zones", List.of(new Read("ec2:DescribeAvailabilityZones", ANY))),
            Map.entry("aws_codestarconnections_connection", List.of(new Read("codestar-connections:GetConnection", (m, b) -> m.argument(b, "arn")),
                    new Read("codestar-connections:ListTagsForResource", (m, b) -> m.argument(b, "arn")))),
            Map.entry("aws_dynamodb_table", List.of(new Read("dynamodb:DescribeTable", ARN))),
            Map.entry("aws_ec2_managed_prefix_list", List.of(new Read("ec2:DescribeManagedPrefixLists", ANY),
                    // One per prefix list a build subnet's table routes; the id is known at plan time only.
                    new Read("ec2:GetManagedPrefixListEntries", (m, b) -> m.arn(b, "ec2", "prefix-list/pl-0a0a0a0a0a0a0a0a0")))),
            // Lists every repository of the registry: IAM checks ecr:DescribeRepositories on each.
            Map.entry("aws_ecr_repositories", List.of(new Read("ecr:DescribeRepositories", (m, b) -> m.arn(b, "ecr", "repository/*")))),
            Map.entry("aws_ecr_image", List.of(new Read("ecr:DescribeImages",
                    (m, b) -> m.arn(b, "ecr", "repository/" + m.argument(b, "repository_name"))))),
            Map.entry("aws_ecr_repository", List.of(new Read("ecr:DescribeRepositories", ARN))),
            Map.entry("aws_ecs_service", List.of(new Read("ecs:DescribeServices", (m, b) -> m.arn(b, "ecs", "service/"
                    + m.argument(b, "cluster_arn").replaceFirst(".*/", "") + "/" + m.argument(b, "service_name"))))),
            Map.entry("aws_ecs_task_definition", List.of(new Read("ecs:DescribeTaskDefinition", ANY))),
            Map.entry("aws_eips", List.of(new Read("ec2:DescribeAddresses", ANY))),
            Map.entry("aws_kms_alias", List.of(new Read("kms:ListAliases", ANY))),
            Map.entry("aws_lb", List.of(new Read("elasticloadbalancing:DescribeLoadBalancers", ANY))),
            Map.entry("aws_lb_listener", List.of(new Read("elasticloadbalancing:DescribeListeners", ANY))),
            Map.entry("aws_lb_target_group", List.of(new Read("elasticloadbalancing:DescribeTargetGroups", ANY))),
            Map.entry("aws_prefix_list", List.of(new Read("ec2:DescribePrefixLists", ANY))),
            Map.entry("aws_route_table", List.of(new Read("ec2:DescribeRouteTables", ANY))),
            Map.entry("aws_route_tables", List.of(new Read("ec2:DescribeRouteTables", ANY))),
            Map.entry("aws_security_group", List.of(new Read("ec2:DescribeSecurityGroups", ANY))),
            Map.entry("aws_sns_topic", List.of(new Read("sns:ListTopics", ANY))),
            Map.entry("aws_subnet", List.of(new Read("ec2:DescribeSubnets", ANY))),
            Map.entry("aws_subnets", List.of(new Read("ec2:DescribeSubnets", ANY))),
            Map.entry("aws_vpc", List.of(new Read("ec2:DescribeVpcs", ANY))),
            Map.entry("aws_vpc_endpoint", List.of(new Read("ec2:DescribeVpcEndpoints", ANY))));

    private RefreshCalls() {
    }

    static List<Call> of(Policies policies) {
        TerraformModel model = policies.model();
        List<String> planRolePolicies = StateCalls.planRolePolicies(model);
        List<Call> calls = new ArrayList<>();
        for (String stack : model.stackNames()) {
            if (model.backend(stack).isMissingNode()) {
                continue;
            }
            for (Block block : model.blocks(stack)) {
                boolean pipelineAccount = block.account().equals(model.accounts().pipeline());
                String principal = pipelineAccount ? "arn:aws:iam::" + block.account() + ":" + StateCalls.PLAN_ROLE
                        : "arn:aws:iam::" + block.account() + ":role/" + ACCESS_ROLE;
                List<String> identity = pipelineAccount ? planRolePolicies : List.of(StateCalls.ADMINISTRATOR);
                reads(model, block, principal).forEach(call -> calls.add(call.assuming(identity)));
            }
        }
        return List.copyOf(calls);
    }

    /** What refreshing {@code block} asks of AWS, as {@code principal}. */
    static List<Call> reads(TerraformModel model, Block block, String principal) {
        Map<String, List<Read>> table = block.data() ? DATA_SOURCES : RESOURCES;
        List<Read> reads = table.get(block.type());
        if (reads == null) {
            throw new IllegalStateException("terraform plan reads " + block.address() + " with calls the IAM catalogue does not list: "
                    + "add the AWS provider's read calls for " + block.type() + " to RefreshCalls");
        }
        List<Call> calls = new ArrayList<>();
        for (Read read : reads) {
            String resource = read.resource().apply(model, block);
            calls.add(Call.of(principal, read.action(), resource, resource.equals("*") ? block.account() : resource.split(":")[4].isEmpty()
                    ? block.account() : resource.split(":")[4], PROVIDER + " (refresh of " + block.stack() + "/" + block.address() + ")"));
        }
        return calls;
    }

    private static String repository(TerraformModel model, Block block) {
        return model.arn(block, "ecr", "repository/" + model.argument(block, "repository"));
    }
}
