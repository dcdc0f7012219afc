package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.app.iam.Pipelines.Action;
import io.bluegreen.app.iam.TerraformModel.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CodeDeploy's side of a blue/green deployment: what its role does to ECS, Elastic Load
 * Balancing, Lambda and CloudWatch, and what CodePipeline's ECS blue/green action asks of
 * CodeDeploy, ECS and IAM for it; then the service's tasks pulling the image that was deployed.
 */
final class DeploymentCalls {
    static final String TRUST = "https://docs.aws.amazon.com/codedeploy/latest/userguide/getting-started-create-service-role.html";
    static final String ECS_ROLE = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/codedeploy_IAM_role.html";
    static final String LAMBDA_ROLE = "https://docs.aws.amazon.com/codedeploy/latest/userguide/getting-started-create-service-role.html#getting-started-create-service-role-lambda";
    static final String PULL = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html";
    static final String CROSS_ACCOUNT_PULL = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/repository-policy-examples.html";
    /** What AWS recommends an execution role has; an adopted service's role is its owner's. */
    static final String EXECUTION_ROLE_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    /** The ECS service a deployment group deploys to, and its task definition's family and roles. */
    record EcsTarget(String clusterName, String serviceName, String serviceArn, String family, String executionRole,
                     Optional<String> taskRole) {
        List<String> roles() {
            List<String> roles = new ArrayList<>(List.of(executionRole));
            taskRole.filter(role -> !role.equals(executionRole)).ifPresent(roles::add);
            return roles;
        }
    }

    private DeploymentCalls() {
    }

    static List<Call> of(Policies policies) {
        TerraformModel model = policies.model();
        List<Call> calls = new ArrayList<>();
        for (Block group : model.resources("aws_codedeploy_deployment_group")) {
            String role = model.argument(group, "service_role_arn");
            String groupArn = model.attribute(group, List.of("arn"));
            String account = group.account();
            String region = model.region();
            calls.add(Requests.assumedBy("codedeploy.amazonaws.com", role, groupArn, TRUST));
            for (JsonNode alarm : group.body().path("alarm_configuration").path("alarms")) {
                calls.add(Call.of(role, "cloudwatch:DescribeAlarms", "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:"
                        + model.resolve(group.stack(), alarm.asText()), account, group.body().has("ecs_service") ? ECS_ROLE : LAMBDA_ROLE));
            }
            if (group.body().has("ecs_service")) {
                EcsTarget target = ecsTarget(model, group);
                String taskSet = target.serviceArn().replace(":service/", ":task-set/") + "/ecs-svc/0123456789";
                calls.add(Call.of(role, "ecs:DescribeServices", target.serviceArn(), account, ECS_ROLE));
                calls.add(Call.of(role, "ecs:CreateTaskSet", taskSet, account, ECS_ROLE));
                calls.add(Call.of(role, "ecs:UpdateServicePrimaryTaskSet", target.serviceArn(), account, ECS_ROLE));
                calls.add(Call.of(role, "ecs:DeleteTaskSet", taskSet, account, ECS_ROLE));
                for (String describe : List.of("DescribeTargetGroups", "DescribeListeners", "DescribeRules")) {
                    calls.add(Call.of(role, "elasticloadbalancing:" + describe, "*", account, ECS_ROLE));
                }
                JsonNode routes = group.body().path("load_balancer_info").path("target_group_pair_info");
                for (String route : List.of("prod_traffic_route", "test_traffic_route")) {
                    for (JsonNode listener : routes.path(route).path("listener_arns")) {
                        calls.add(Call.of(role, "elasticloadbalancing:ModifyListener", model.resolve(group.stack(), listener.asText()), account, ECS_ROLE));
                    }
                }
                for (String taskRole : target.roles()) {
                    calls.add(Call.of(role, "iam:PassRole", taskRole, account, ECS_ROLE).with("iam:PassedToService", "ecs-tasks.amazonaws.com"));
                }
            } else {
                Block alias = model.resources("aws_lambda_alias").stream().filter(a -> a.stack().equals(group.stack())).findFirst()
                        .orElseThrow(() -> new IllegalStateException(group.stack() + " deploys a function it has no alias of"));
                String aliasArn = model.attribute(alias, List.of("arn"));
                String function = aliasArn.substring(0, aliasArn.lastIndexOf(':'));
                // Lambda authorizes alias reads and updates on the function (Service Authorization Reference).
                calls.add(Call.of(role, "lambda:GetAlias", function, account, LAMBDA_ROLE));
                calls.add(Call.of(role, "lambda:UpdateAlias", function, account, LAMBDA_ROLE));
                calls.add(Call.of(role, "lambda:GetProvisionedConcurrencyConfig", aliasArn, account, LAMBDA_ROLE));
            }
        }
        return List.copyOf(calls);
    }

    /** CodePipeline's CodeDeployToECS action, as the role that carries it out, and the image pull it leads to. */
    static List<Call> ecsDeployAction(Policies policies, Pipelines pipelines, Action action) {
        TerraformModel model = policies.model();
        String role = action.role();
        String account = role.split(":")[4];
        String region = model.region();
        String application = action.configuration().get("ApplicationName");
        String groupName = action.configuration().get("DeploymentGroupName");
        Block group = model.find("aws_codedeploy_deployment_group", g -> g.account().equals(account)
                        && model.argument(g, "app_name").equals(application) && model.argument(g, "deployment_group_name").equals(groupName))
                .orElseThrow(() -> new IllegalStateException(action.pipeline().name() + " deploys with " + application + "/" + groupName
                        + " in " + account + ", which no stack creates"));
        EcsTarget target = ecsTarget(model, group);
        String arn = "arn:aws:codedeploy:" + region + ":" + account + ":";
        List<Call> calls = new ArrayList<>();
        for (String api : List.of("GetApplication", "GetApplicationRevision", "RegisterApplicationRevision")) {
            calls.add(Call.of(role, "codedeploy:" + api, arn + "application:" + application, account, PipelineCalls.ECS_BLUE_GREEN));
        }
        for (String api : List.of("CreateDeployment", "GetDeployment")) {
            calls.add(Call.of(role, "codedeploy:" + api, arn + "deploymentgroup:" + application + "/" + groupName, account, PipelineCalls.ECS_BLUE_GREEN));
        }
        calls.add(Call.of(role, "codedeploy:GetDeploymentConfig", arn + "deploymentconfig:" + model.argument(group, "deployment_config_name"),
                account, PipelineCalls.ECS_BLUE_GREEN));
        calls.add(Call.of(role, "ecs:RegisterTaskDefinition", "arn:aws:ecs:" + region + ":" + account + ":task-definition/" + target.family() + ":2",
                account, PipelineCalls.ECS_BLUE_GREEN));
        for (String taskRole : target.roles()) {
            calls.add(Call.of(role, "iam:PassRole", taskRole, account, PipelineCalls.ECS_BLUE_GREEN).with("iam:PassedToService", "ecs-tasks.amazonaws.com"));
        }
        calls.addAll(imagePull(policies, pipelines, action, target));
        return calls;
    }

    /** The deployed service's tasks pulling the image the pipeline built, as their execution role. */
    private static List<Call> imagePull(Policies policies, Pipelines pipelines, Action action, EcsTarget target) {
        TerraformModel model = policies.model();
        String imageArtifact = action.configuration().get("Image1ArtifactName");
        Action build = action.pipeline().actions().stream().filter(a -> a.outputs().contains(imageArtifact)).findFirst().orElseThrow();
        Block project = model.find("aws_codebuild_project", p -> model.argument(p, "name").equals(build.configuration().get("ProjectName"))).orElseThrow();
        String repositoryUri = "";
        for (JsonNode variable : project.body().path("environment").path("environment_variable")) {
            if (variable.path("name").asText().equals("REPOSITORY_URI")) {
                repositoryUri = model.resolve(project.stack(), variable.path("value").asText());
            }
        }
        String registryAccount = repositoryUri.substring(0, repositoryUri.indexOf('.'));
        String repository = "arn:aws:ecr:" + model.region() + ":" + registryAccount + ":repository/" + repositoryUri.substring(repositoryUri.indexOf('/') + 1);
        String role = target.executionRole();
        String roleAccount = role.split(":")[4];
        boolean adopted = policies.role(role).isEmpty();
        String source = roleAccount.equals(registryAccount) ? PULL : CROSS_ACCOUNT_PULL;
        List<Call> calls = new ArrayList<>();
        calls.add(Call.of(role, "ecr:GetAuthorizationToken", "*", roleAccount, PULL));
        for (String api : List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage")) {
            calls.add(Call.of(role, api, repository, registryAccount, source));
        }
        return adopted ? calls.stream().map(call -> call.assuming(List.of(EXECUTION_ROLE_POLICY))).toList() : calls;
    }

    /** The service a deployment group deploys to: one the stack creates, or one it adopts (looked up). */
    static EcsTarget ecsTarget(TerraformModel model, Block group) {
        String cluster = model.resolve(group.stack(), group.body().path("ecs_service").path("cluster_name").asText());
        String service = model.resolve(group.stack(), group.body().path("ecs_service").path("service_name").asText());
        String serviceArn = "arn:aws:ecs:" + model.region() + ":" + group.account() + ":service/" + cluster + "/" + service;
        Optional<Block> created = model.find("aws_ecs_service", s -> s.stack().equals(group.stack()) && model.argument(s, "name").equals(service));
        if (created.isPresent()) {
            String reference = created.get().text("task_definition");
            Block definition = model.block(group.stack(), reference.substring(2, reference.lastIndexOf('.')));
            return new EcsTarget(cluster, service, serviceArn, model.argument(definition, "family"), model.argument(definition, "execution_role_arn"),
                    Optional.of(model.argument(definition, "task_role_arn")).filter(r -> !r.isEmpty()));
        }
        Block adopted = model.dataSources("aws_ecs_service").stream()
                .filter(s -> s.stack().equals(group.stack()) && model.argument(s, "service_name").equals(service)).findFirst()
                .orElseThrow(() -> new IllegalStateException(group.stack() + " deploys to " + service + ", which it neither creates nor looks up"));
        String definitionArn = model.attribute(adopted, List.of("task_definition"));
        Block definition = model.dataSources("aws_ecs_task_definition").stream()
                .filter(d -> d.stack().equals(group.stack()) && model.argument(d, "task_definition").equals(definitionArn)).findFirst().orElseThrow();
        return new EcsTarget(cluster, service, serviceArn, model.attribute(definition, List.of("family")),
                model.attribute(definition, List.of("execution_role_arn")), Optional.of(model.attribute(definition, List.of("task_role_arn"))));
    }
}
