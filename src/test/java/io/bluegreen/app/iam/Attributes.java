package io.bluegreen.app.iam;

import io.bluegreen.app.iam.TerraformModel.Block;
import java.util.List;
import java.util.Set;

/**
 * What AWS computes for the attributes the stacks reference, in the formats of the Service
 * Authorization Reference (ARNs) and the provider's documentation (ids, URLs). Resources that
 * exist outside the stacks (adopted services, another team's repository) get stand-ins named
 * after what the config names: the family of an adopted service is its service name, its
 * execution role {@code <family>-execution}, its task role {@code <family>-task}.
 */
final class Attributes {
    /** Attributes that are computed even where an argument of the same name exists. */
    static final Set<String> COMPUTED = Set.of("arn", "id");

    private Attributes() {
    }

    static String of(TerraformModel model, Block block, List<Object> path) {
        String attribute = path.size() == 1 ? (String) path.get(0) : path.toString();
        String value = block.data() ? dataSource(model, block, attribute) : resource(model, block, attribute);
        if (value == null) {
            throw new IllegalStateException("the IAM model cannot resolve " + block.stack() + "/" + block.address() + "." + attribute);
        }
        return value;
    }

    private static String resource(TerraformModel m, Block b, String attribute) {
        String region = m.region();
        return switch (b.type() + "." + attribute) {
            case "aws_s3_bucket.arn" -> "arn:aws:s3:::" + m.argument(b, "bucket");
            case "aws_s3_bucket.id", "aws_s3_bucket.bucket" -> m.argument(b, "bucket");
            case "aws_kms_key.arn" -> m.arn(b, "kms", "key/" + m.uuid(b));
            case "aws_kms_key.key_id", "aws_kms_key.id" -> m.uuid(b);
            case "aws_kms_alias.arn" -> m.arn(b, "kms", m.argument(b, "name"));
            case "aws_iam_role.arn" -> "arn:aws:iam::" + b.account() + ":role/" + m.argument(b, "name");
            case "aws_iam_role.name", "aws_iam_role.id" -> m.argument(b, "name");
            case "aws_iam_policy.arn" -> "arn:aws:iam::" + b.account() + ":policy/" + m.argument(b, "name");
            case "aws_lambda_function.arn" -> m.arn(b, "lambda", "function:" + m.argument(b, "function_name"));
            case "aws_lambda_function.version" -> "1";
            case "aws_lambda_alias.arn" -> functionArn(m, b) + ":" + m.argument(b, "name");
            case "aws_codedeploy_app.arn" -> m.arn(b, "codedeploy", "application:" + m.argument(b, "name"));
            case "aws_codedeploy_deployment_group.arn" -> m.arn(b, "codedeploy",
                    "deploymentgroup:" + m.argument(b, "app_name") + "/" + m.argument(b, "deployment_group_name"));
            case "aws_codebuild_project.arn" -> m.arn(b, "codebuild", "project/" + m.argument(b, "name"));
            case "aws_codebuild_report_group.arn" -> m.arn(b, "codebuild", "report-group/" + m.argument(b, "name"));
            case "aws_codepipeline.arn" -> m.arn(b, "codepipeline", m.argument(b, "name"));
            case "aws_codecommit_repository.arn" -> m.arn(b, "codecommit", m.argument(b, "repository_name"));
            case "aws_codecommit_repository.clone_url_http" ->
                    "https://git-codecommit." + region + ".amazonaws.com/v1/repos/" + m.argument(b, "repository_name");
            case "aws_cloudwatch_event_rule.arn" -> m.arn(b, "events", "rule/" + (b.body().has("event_bus_name")
                    && !m.argument(b, "event_bus_name").equals("default") ? m.argument(b, "event_bus_name") + "/" : "")
                    + m.argument(b, "name"));
            case "aws_cloudwatch_event_bus.arn" -> m.arn(b, "events", "event-bus/" + m.argument(b, "name"));
            case "aws_cloudwatch_log_group.arn" -> m.arn(b, "logs", "log-group:" + m.argument(b, "name"));
            case "aws_cloudwatch_metric_alarm.arn" -> m.arn(b, "cloudwatch", "alarm:" + m.argument(b, "alarm_name"));
            case "aws_dynamodb_table.arn" -> m.arn(b, "dynamodb", "table/" + m.argument(b, "name"));
            case "aws_ecr_repository.arn" -> m.arn(b, "ecr", "repository/" + m.argument(b, "name"));
            case "aws_ecr_repository.repository_url" -> registry(b.account(), region) + "/" + m.argument(b, "name");
            case "aws_ecs_cluster.arn", "aws_ecs_cluster.id" -> m.arn(b, "ecs", "cluster/" + m.argument(b, "name"));
            case "aws_ecs_service.id", "aws_ecs_service.arn" -> m.arn(b, "ecs", "service/"
                    + lastSegment(m.argument(b, "cluster")) + "/" + m.argument(b, "name"));
            case "aws_ecs_task_definition.arn" -> m.arn(b, "ecs", "task-definition/" + m.argument(b, "family") + ":1");
            case "aws_lb.arn" -> m.arn(b, "elasticloadbalancing", "loadbalancer/" + loadBalancerSuffix(m, b));
            case "aws_lb.arn_suffix" -> loadBalancerSuffix(m, b);
            case "aws_lb.dns_name" -> m.argument(b, "name") + "-" + m.generatedId(b, 10) + "." + region + ".elb.amazonaws.com";
            case "aws_lb_listener.arn" -> m.argument(b, "load_balancer_arn").replace(":loadbalancer/", ":listener/") + "/" + m.generatedId(b, 16);
            case "aws_lb_target_group.arn" -> m.arn(b, "elasticloadbalancing", targetGroupSuffix(m, b));
            case "aws_lb_target_group.arn_suffix" -> targetGroupSuffix(m, b);
            case "aws_secretsmanager_secret.arn", "aws_secretsmanager_secret.id" ->
                    m.arn(b, "secretsmanager", "secret:" + m.argument(b, "name") + "-" + m.generatedId(b, 6));
            case "aws_sfn_state_machine.arn" -> m.arn(b, "states", "stateMachine:" + m.argument(b, "name"));
            case "aws_sns_topic.arn", "aws_sns_topic.id" -> m.arn(b, "sns", m.argument(b, "name"));
            case "aws_sqs_queue.arn" -> m.arn(b, "sqs", m.argument(b, "name"));
            case "aws_sqs_queue.url", "aws_sqs_queue.id" -> "https://sqs." + region + ".amazonaws.com/" + b.account() + "/" + m.argument(b, "name");
            case "aws_ssm_parameter.arn" -> m.arn(b, "ssm", "parameter/" + m.argument(b, "name").replaceFirst("^/", ""));
            case "aws_wafv2_web_acl.arn" -> m.arn(b, "wafv2", "regional/webacl/" + m.argument(b, "name") + "/" + m.uuid(b));
            case "aws_security_group.id" -> "sg-" + m.generatedId(b, 17);
            case "aws_subnet.id" -> "subnet-" + m.generatedId(b, 17);
            case "aws_vpc.id" -> "vpc-" + m.generatedId(b, 17);
            case "aws_route_table.id" -> "rtb-" + m.generatedId(b, 17);
            case "aws_eip.id" -> "eipalloc-" + m.generatedId(b, 17);
            case "aws_nat_gateway.id" -> "nat-" + m.generatedId(b, 17);
            case "aws_internet_gateway.id" -> "igw-" + m.generatedId(b, 17);
            default -> null;
        };
    }

    private static String dataSource(TerraformModel m, Block b, String attribute) {
        String region = m.region();
        return switch (b.type() + "." + attribute) {
            case "aws_caller_identity.account_id" -> b.account();
            case "aws_partition.partition" -> "aws";
            case "aws_region.name" -> region;
            case "aws_sns_topic.arn" -> m.arn(b, "sns", m.argument(b, "name"));
            case "aws_dynamodb_table.name" -> m.argument(b, "name");
            case "aws_dynamodb_table.arn" -> m.arn(b, "dynamodb", "table/" + m.argument(b, "name"));
            case "aws_kms_alias.target_key_arn" -> aliasTarget(m, b);
            case "aws_ecr_repository.arn" -> m.arn(b, "ecr", "repository/" + m.argument(b, "name"));
            case "aws_ecr_repository.repository_url" -> registry(b.account(), region) + "/" + m.argument(b, "name");
            case "aws_ecr_image.image_digest" -> "sha256:" + m.generatedId(b, 64);
            // Another team's repository: its key is theirs.
            case "aws_ecr_repository.[encryption_configuration, 0, kms_key]" -> m.arn(b, "kms", "key/" + m.uuid(b));
            case "aws_ecs_service.task_definition" -> m.arn(b, "ecs", "task-definition/" + m.argument(b, "service_name") + ":1");
            case "aws_ecs_task_definition.family" -> adoptedFamily(m, b);
            case "aws_ecs_task_definition.execution_role_arn" -> "arn:aws:iam::" + b.account() + ":role/" + adoptedFamily(m, b) + "-execution";
            case "aws_ecs_task_definition.task_role_arn" -> "arn:aws:iam::" + b.account() + ":role/" + adoptedFamily(m, b) + "-task";
            case "aws_lb.arn" -> m.arn(b, "elasticloadbalancing", "loadbalancer/app/" + m.argument(b, "name") + "/" + m.generatedId(b, 16));
            case "aws_lb.arn_suffix" -> "app/" + m.argument(b, "name") + "/" + m.generatedId(b, 16);
            case "aws_lb_listener.arn" -> m.argument(b, "load_balancer_arn").replace(":loadbalancer/", ":listener/") + "/" + m.generatedId(b, 16);
            case "aws_lb_target_group.arn" -> m.arn(b, "elasticloadbalancing", "targetgroup/" + m.argument(b, "name") + "/" + m.generatedId(b, 16));
            case "aws_lb_target_group.arn_suffix" -> "targetgroup/" + m.argument(b, "name") + "/" + m.generatedId(b, 16);
            case "aws_vpc.id" -> b.body().has("id") ? m.argument(b, "id") : "vpc-" + m.generatedId(b, 17);
            case "aws_security_group.id" -> b.body().has("id") ? m.argument(b, "id") : "sg-" + m.generatedId(b, 17);
            case "aws_prefix_list.id" -> "pl-" + m.generatedId(b, 8);
            case "aws_elb_service_account.arn" -> "arn:aws:iam::" + Account.ELB_US_EAST_1 + ":root";
            default -> null;
        };
    }

    private static String adoptedFamily(TerraformModel m, Block b) {
        String definition = m.argument(b, "task_definition");
        return definition.substring(definition.lastIndexOf('/') + 1).replaceFirst(":\\d+$", "");
    }

    /** The key an alias of another stack of the environment points at. */
    private static String aliasTarget(TerraformModel m, Block b) {
        String name = m.argument(b, "name");
        return m.find("aws_kms_alias", alias -> alias.account().equals(b.account()) && m.argument(alias, "name").equals(name))
                .map(alias -> m.arn(alias, "kms", "key/" + m.argument(alias, "target_key_id")))
                .orElseThrow(() -> new IllegalStateException(b.stack() + " looks up " + name + ", which no stack of the environment creates"));
    }

    private static String functionArn(TerraformModel m, Block alias) {
        String function = m.argument(alias, "function_name");
        return function.startsWith("arn:") ? function : m.arn(alias, "lambda", "function:" + function);
    }

    private static String loadBalancerSuffix(TerraformModel m, Block b) {
        return "app/" + m.argument(b, "name") + "/" + m.generatedId(b, 16);
    }

    private static String targetGroupSuffix(TerraformModel m, Block b) {
        return "targetgroup/" + m.argument(b, "name") + "/" + m.generatedId(b, 16);
    }

    private static String lastSegment(String arnOrName) {
        return arnOrName.substring(arnOrName.lastIndexOf('/') + 1);
    }

    static String registry(String account, String region) {
        return account + ".dkr.ecr." + region + ".amazonaws.com";
    }
}
