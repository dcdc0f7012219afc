package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.app.iam.TerraformModel.Block;
import java.util.ArrayList;
import java.util.List;

/**
 * What runs between deployments: Lambda functions and ECS tasks with their roles, the ledger's
 * workflow, VPC flow logs, CloudWatch Logs encrypting log groups under their keys, and S3 and
 * Elastic Load Balancing delivering access logs.
 */
final class RuntimeCalls {
    static final String LAMBDA_ROLE = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html";
    static final String LAMBDA_IMAGE = "https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#gettingstarted-images-permissions";
    static final String PLACEHOLDER = "modules/lambda-bluegreen/src/main/resources/placeholder-function/placeholder.js (GetParameter of NOTICE_PARAMETER)";
    static final String TASK_ROLES = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html";
    static final String EXECUTION_ROLE = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html";
    static final String STATES_ROLE = "https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html";
    static final String STATES_DYNAMODB = "https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html";
    static final String STATES_SDK = "https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html";
    static final String STATES_TRACES = "https://docs.aws.amazon.com/step-functions/latest/dg/xray-iam.html";
    static final String STATES_LOGS = "https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy";
    static final String DYNAMODB_KMS = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.usagenotes.html#dynamodb-kms-authz";
    static final String FLOW_LOGS = "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html";
    static final String LOGS_KMS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html";
    static final String SERVER_ACCESS_LOGS = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html#grant-log-delivery-permissions-general";
    static final String ALB_LOGS = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html#attach-bucket-policy";

    private RuntimeCalls() {
    }

    static List<Call> of(Policies policies) {
        List<Call> calls = new ArrayList<>();
        calls.addAll(functions(policies));
        calls.addAll(tasks(policies));
        calls.addAll(stateMachines(policies));
        calls.addAll(logDelivery(policies));
        return List.copyOf(calls);
    }

    private static List<Call> functions(Policies policies) {
        TerraformModel model = policies.model();
        List<Call> calls = new ArrayList<>();
        for (Block function : model.resources("aws_lambda_function")) {
            String role = model.argument(function, "role");
            String arn = model.attribute(function, List.of("arn"));
            String name = model.argument(function, "function_name");
            String account = function.account();
            calls.add(Requests.assumedBy("lambda.amazonaws.com", role, arn, LAMBDA_ROLE));
            String stream = "arn:aws:logs:" + model.region() + ":" + account + ":log-group:/aws/lambda/" + name + ":log-stream:2026/01/01/[$LATEST]0123456789abcdef";
            calls.add(Call.of(role, "logs:CreateLogStream", stream, account, LAMBDA_ROLE));
            calls.add(Call.of(role, "logs:PutLogEvents", stream, account, LAMBDA_ROLE));
            JsonNode notice = function.body().path("environment").path("variables").path("NOTICE_PARAMETER");
            if (!notice.isMissingNode()) {
                String parameter = model.resolve(function.stack(), notice.asText());
                calls.add(Call.of(role, "ssm:GetParameter", "arn:aws:ssm:" + model.region() + ":" + account + ":parameter" + parameter, account, PLACEHOLDER));
            }
            if (model.argument(function, "package_type").equals("Image")) {
                String image = model.argument(function, "image_uri");
                String repositoryArn = "arn:aws:ecr:" + model.region() + ":" + image.substring(0, image.indexOf('.')) + ":repository/"
                        + image.substring(image.indexOf('/') + 1, image.lastIndexOf(':'));
                // The function's first image (initialImage) lives in a repository the user brings.
                calls.add(Call.of("lambda.amazonaws.com", "ecr:BatchGetImage", repositoryArn, image.substring(0, image.indexOf('.')), LAMBDA_IMAGE)
                        .unevaluated("initialImage " + image + " is in a repository the user brings, whose policy the stacks do not write"));
                // Every later image comes from the service's repository, under the policy the stack writes.
                for (Block repository : model.resources("aws_ecr_repository")) {
                    if (repository.stack().equals(function.stack())) {
                        for (String api : List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer")) {
                            calls.add(Call.of("lambda.amazonaws.com", api, model.attribute(repository, List.of("arn")), account, LAMBDA_IMAGE)
                                    .with("aws:SourceArn", arn).with("aws:SourceAccount", account));
                        }
                    }
                }
            }
        }
        return calls;
    }

    private static List<Call> tasks(Policies policies) {
        TerraformModel model = policies.model();
        List<Call> calls = new ArrayList<>();
        for (Block definition : model.resources("aws_ecs_task_definition")) {
            String account = definition.account();
            String taskArn = "arn:aws:ecs:" + model.region() + ":" + account + ":task/" + model.argument(definition, "family") + "/0123456789abcdef";
            String execution = model.argument(definition, "execution_role_arn");
            calls.add(Requests.assumedBy("ecs-tasks.amazonaws.com", execution, taskArn, EXECUTION_ROLE));
            String taskRole = model.argument(definition, "task_role_arn");
            if (!taskRole.isEmpty()) {
                calls.add(Requests.assumedBy("ecs-tasks.amazonaws.com", taskRole, taskArn, TASK_ROLES));
            }
            calls.add(Call.of(execution, "ecr:GetAuthorizationToken", "*", account, EXECUTION_ROLE));
            for (JsonNode container : Policies.parse(model.argument(definition, "container_definitions"))) {
                String image = container.path("image").asText();
                String registry = image.substring(0, image.indexOf('.'));
                String repository = "arn:aws:ecr:" + model.region() + ":" + registry + ":repository/" + image.substring(image.indexOf('/') + 1, image.lastIndexOf(':'));
                for (String api : List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage")) {
                    calls.add(Call.of(execution, api, repository, registry, EXECUTION_ROLE));
                }
                JsonNode logs = container.path("logConfiguration").path("options");
                if (!logs.isMissingNode()) {
                    String stream = "arn:aws:logs:" + model.region() + ":" + account + ":log-group:" + logs.path("awslogs-group").asText()
                            + ":log-stream:" + logs.path("awslogs-stream-prefix").asText() + "/" + container.path("name").asText() + "/0123456789abcdef";
                    calls.add(Call.of(execution, "logs:CreateLogStream", stream, account, EXECUTION_ROLE));
                    calls.add(Call.of(execution, "logs:PutLogEvents", stream, account, EXECUTION_ROLE));
                }
                if (container.has("secrets")) {
                    throw new IllegalStateException(definition.address() + " injects secrets, which the IAM catalogue does not cover yet");
                }
            }
        }
        return calls;
    }

    private static List<Call> stateMachines(Policies policies) {
        TerraformModel model = policies.model();
        List<Call> calls = new ArrayList<>();
        for (Block machine : model.resources("aws_sfn_state_machine")) {
            String role = model.argument(machine, "role_arn");
            String account = machine.account();
            String region = model.region();
            calls.add(Requests.assumedBy("states.amazonaws.com", role, model.attribute(machine, List.of("arn")), STATES_ROLE));
            for (JsonNode state : Policies.parse(model.argument(machine, "definition")).path("States")) {
                String resource = state.path("Resource").asText();
                if (resource.equals("arn:aws:states:::dynamodb:putItem")) {
                    String table = state.path("Parameters").path("TableName").asText();
                    calls.add(Call.of(role, "dynamodb:PutItem", "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table, account, STATES_DYNAMODB));
                    Block tableBlock = model.find("aws_dynamodb_table", t -> model.argument(t, "name").equals(table)).orElseThrow();
                    String key = model.resolve(tableBlock.stack(), tableBlock.body().path("server_side_encryption").path("kms_key_arn").asText());
                    calls.add(Requests.viaService(role, "kms:Decrypt", key, "dynamodb", region, DYNAMODB_KMS)
                            .with("kms:EncryptionContext:aws:dynamodb:tableName", table)
                            .with("kms:EncryptionContext:aws:dynamodb:subscriberId", account));
                } else if (resource.equals("arn:aws:states:::aws-sdk:codedeploy:getDeployment")) {
                    // The deployment's group, which the ledger does not know in advance: any of the environment's.
                    for (Block group : model.resources("aws_codedeploy_deployment_group")) {
                        if (group.account().equals(account)) {
                            calls.add(Call.of(role, "codedeploy:GetDeployment", model.attribute(group, List.of("arn")), account, STATES_SDK));
                        }
                    }
                } else if (!resource.isEmpty()) {
                    throw new IllegalStateException(machine.address() + " has a task on " + resource + ", which the IAM catalogue does not know");
                }
            }
            if (machine.body().path("tracing_configuration").path("enabled").asBoolean()) {
                for (String api : List.of("PutTraceSegments", "PutTelemetryRecords", "GetSamplingRules", "GetSamplingTargets")) {
                    calls.add(Call.of(role, "xray:" + api, "*", account, STATES_TRACES));
                }
            }
            if (machine.body().has("logging_configuration")) {
                for (String api : List.of("CreateLogDelivery", "GetLogDelivery", "UpdateLogDelivery", "DeleteLogDelivery", "ListLogDeliveries",
                        "PutResourcePolicy", "DescribeResourcePolicies", "DescribeLogGroups")) {
                    calls.add(Call.of(role, "logs:" + api, "*", account, STATES_LOGS));
                }
            }
        }
        for (Block flowLog : model.resources("aws_flow_log")) {
            String role = model.argument(flowLog, "iam_role_arn");
            String account = flowLog.account();
            String group = model.argument(flowLog, "log_destination");
            calls.add(Requests.assumedBy("vpc-flow-logs.amazonaws.com", role, "arn:aws:ec2:" + model.region() + ":" + account + ":vpc-flow-log/fl-0123456789abcdef0", FLOW_LOGS));
            String stream = group + ":log-stream:eni-0123456789abcdef0-all";
            calls.add(Call.of(role, "logs:CreateLogStream", stream, account, FLOW_LOGS));
            calls.add(Call.of(role, "logs:PutLogEvents", stream, account, FLOW_LOGS));
            calls.add(Call.of(role, "logs:DescribeLogStreams", group, account, FLOW_LOGS));
        }
        return calls;
    }

    private static List<Call> logDelivery(Policies policies) {
        TerraformModel model = policies.model();
        String region = model.region();
        List<Call> calls = new ArrayList<>();
        for (Block group : model.resources("aws_cloudwatch_log_group")) {
            if (group.body().has("kms_key_id")) {
                String key = model.argument(group, "kms_key_id");
                for (String api : List.of("kms:GenerateDataKey", "kms:Decrypt")) {
                    calls.add(Call.of("logs." + region + ".amazonaws.com", api, key, key.split(":")[4], LOGS_KMS)
                            .with("kms:EncryptionContext:aws:logs:arn", model.attribute(group, List.of("arn"))));
                }
            }
        }
        for (Block logging : model.resources("aws_s3_bucket_logging")) {
            String source = "arn:aws:s3:::" + model.argument(logging, "bucket");
            String object = "arn:aws:s3:::" + model.argument(logging, "target_bucket") + "/" + model.argument(logging, "target_prefix") + "2026-01-01-00-00-00-0123456789ABCDEF";
            calls.add(Call.of("logging.s3.amazonaws.com", "s3:PutObject", object, logging.account(), SERVER_ACCESS_LOGS)
                    .with("aws:SourceArn", source).with("aws:SourceAccount", logging.account()));
        }
        for (Block loadBalancer : model.resources("aws_lb")) {
            JsonNode logs = loadBalancer.body().path("access_logs");
            if (logs.path("enabled").asBoolean(false)) {
                String account = loadBalancer.account();
                String object = "arn:aws:s3:::" + model.resolve(loadBalancer.stack(), logs.path("bucket").asText()) + "/"
                        + model.resolve(loadBalancer.stack(), logs.path("prefix").asText()) + "/AWSLogs/" + account
                        + "/elasticloadbalancing/" + region + "/2026/01/01/log.gz";
                // us-east-1 predates the log delivery service principal: its ELB account writes the logs.
                // A root user may do everything in its own account: what decides is the bucket's policy.
                calls.add(Call.of("arn:aws:iam::" + Account.ELB_US_EAST_1 + ":root", "s3:PutObject", object, account, ALB_LOGS)
                        .assuming(List.of("arn:aws:iam::aws:policy/AdministratorAccess")));
            }
        }
        return calls;
    }
}
