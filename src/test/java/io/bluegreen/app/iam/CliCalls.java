package io.bluegreen.app.iam;

import io.bluegreen.registry.ImageRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The IAM requests each command a buildspec runs makes, with the resource ARN the Service
 * Authorization Reference names for the action, formed from the command's own arguments. A
 * command that is not here fails the evaluation: a new call in a buildspec needs its entry
 * (and the page it comes from) before it can land.
 */
final class CliCalls {
    static final String ECR_PUSH = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html";
    static final String ECR_LOGIN = "https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry_auth.html";
    static final String LAMBDA_ACTIONS = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html";
    static final String CODEDEPLOY_ACTIONS = "https://docs.aws.amazon.com/codedeploy/latest/userguide/auth-and-access-control-permissions-reference.html";
    static final String SECRETS = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html";
    static final String ECS_ACTIONS = "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerservice.html";

    private CliCalls() {
    }

    /** A pull by digest from an ECR registry: the image's manifest, then its layers. */
    private static List<Call> pull(String image, String role, String region, String source) {
        String registryAccount = image.substring(0, image.indexOf('.'));
        String repository = image.substring(image.indexOf('/') + 1, image.indexOf('@'));
        return List.of("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer").stream()
                .map(action -> Call.of(role, action, "arn:aws:ecr:" + region + ":" + registryAccount + ":repository/" + repository,
                        registryAccount, ImageRef.PULL_PERMISSIONS + " (" + source + ")"))
                .toList();
    }

    /**
     * @param command the recorded command, {@code aws} or {@code docker} and its arguments
     * @param role    the role the build runs as
     */
    static List<Call> of(List<String> command, String role, String account, String region, String where) {
        String line = String.join(" ", command);
        String source = where + ": " + line;
        List<Call> calls = new ArrayList<>();
        if (command.get(0).equals("docker")) {
            switch (command.get(1)) {
                case "push" -> {
                    String image = command.get(2);
                    String registryAccount = image.substring(0, image.indexOf('.'));
                    String repository = image.substring(image.indexOf('/') + 1, image.lastIndexOf(':'));
                    for (String action : List.of("ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart",
                            "ecr:CompleteLayerUpload", "ecr:PutImage")) {
                        calls.add(Call.of(role, action, "arn:aws:ecr:" + region + ":" + registryAccount + ":repository/" + repository,
                                registryAccount, ECR_PUSH + " (" + source + ")"));
                    }
                }
                case "buildx" -> {
                    // The builder's container runs the image --driver-opt names, pulled by Docker with the ECR login.
                    command.stream().filter(argument -> argument.startsWith("image=")).map(argument -> argument.substring(6))
                            .forEach(image -> calls.addAll(pull(image, role, region, source)));
                }
                case "build", "login" -> {
                    // login uses the token get-login-password fetched; build pulls the Dockerfile's base image,
                    // which the service's repository names (see Catalogue: the base image).
                }
                default -> throw unknown(line, where);
            }
            return calls;
        }
        String arn = "arn:aws:%s:" + region + ":" + account + ":%s";
        switch (command.get(1) + " " + command.get(2)) {
            case "ecr get-login-password" -> calls.add(Call.of(role, "ecr:GetAuthorizationToken", "*", account, ECR_LOGIN + " (" + source + ")"));
            case "ecr describe-images" -> calls.add(Call.of(role, "ecr:DescribeImages",
                    String.format(arn, "ecr", "repository/" + option(command, "--repository-name")), account, source));
            // The secret's key is used by Secrets Manager with the caller's identity: BuildCalls adds that request.
            case "secretsmanager get-secret-value" -> calls.add(Call.of(role, "secretsmanager:GetSecretValue", option(command, "--secret-id"),
                    account, SECRETS + " (" + source + ")"));
            case "ecs describe-task-definition" -> calls.add(Call.of(role, "ecs:DescribeTaskDefinition", "*", account, ECS_ACTIONS + " (" + source + ")"));
            case "ecs describe-services" -> calls.add(Call.of(role, "ecs:DescribeServices",
                    String.format(arn, "ecs", "service/" + option(command, "--cluster") + "/" + option(command, "--services")), account, source));
            case "ecs update-service" -> calls.add(Call.of(role, "ecs:UpdateService",
                    String.format(arn, "ecs", "service/" + option(command, "--cluster") + "/" + option(command, "--service")), account, source));
            // Lambda authorizes these on the function, whatever version or alias the request names.
            case "lambda update-function-code" -> calls.add(Call.of(role, "lambda:UpdateFunctionCode",
                    String.format(arn, "lambda", "function:" + option(command, "--function-name")), account, LAMBDA_ACTIONS + " (" + source + ")"));
            case "lambda wait" -> calls.add(Call.of(role, "lambda:GetFunction",
                    String.format(arn, "lambda", "function:" + option(command, "--function-name")), account, LAMBDA_ACTIONS + " (" + source + ")"));
            case "lambda get-alias" -> calls.add(Call.of(role, "lambda:GetAlias",
                    String.format(arn, "lambda", "function:" + option(command, "--function-name")), account, LAMBDA_ACTIONS + " (" + source + ")"));
            case "deploy create-deployment" -> calls.add(Call.of(role, "codedeploy:CreateDeployment",
                    String.format(arn, "codedeploy", "deploymentgroup:" + option(command, "--application-name") + "/"
                            + option(command, "--deployment-group-name")), account, CODEDEPLOY_ACTIONS + " (" + source + ")"));
            case "deploy get-deployment" -> calls.add(Call.of(role, "codedeploy:GetDeployment", "deployment of " + option(command, "--deployment-id"),
                    account, CODEDEPLOY_ACTIONS + " (" + source + ")"));
            default -> throw unknown(line, where);
        }
        return calls;
    }

    /** Whether {@code call} stands for a resource only its context names (a deployment id: see {@link Catalogue}). */
    static boolean namesADeployment(Call call) {
        return call.resource().startsWith("deployment of ");
    }

    private static String option(List<String> command, String name) {
        int at = command.indexOf(name);
        if (at < 0 || at + 1 >= command.size()) {
            throw new IllegalStateException(String.join(" ", command) + " has no " + name);
        }
        return command.get(at + 1);
    }

    private static IllegalStateException unknown(String line, String where) {
        return new IllegalStateException(where + " runs `" + line + "`, which the IAM catalogue does not know: add it to CliCalls "
                + "with the action and resource the Service Authorization Reference names for it");
    }
}
