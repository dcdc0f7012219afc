package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bluegreen.app.iam.Pipelines.Action;
import io.bluegreen.app.iam.TerraformModel.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a CodeBuild project's role is asked for while a build runs: by CodeBuild (its logs, the
 * pipeline's artifacts, test reports, the S3 cache, network interfaces in a VPC) and by the
 * buildspec's own commands ({@link BuildspecCalls}), with what the services they call ask of
 * KMS for them (a secret's key).
 */
final class BuildCalls {
    static final String SERVICE_ROLE = "https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html";
    static final String CONFUSED_DEPUTY = "https://docs.aws.amazon.com/codebuild/latest/userguide/cross-service-confused-deputy-prevention.html";
    static final String REPORTS = "https://docs.aws.amazon.com/codebuild/latest/userguide/test-permissions.html";
    static final String VPC = "https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html#customer-managed-policies-example-create-vpc-network-interface";
    static final String SECRETS_KMS = "https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-authz";
    static final String CACHE = "https://docs.aws.amazon.com/codebuild/latest/userguide/build-caching.html#caching-s3";
    static final String CONNECTION = "https://docs.aws.amazon.com/codebuild/latest/userguide/connections-github-app.html#connections-github-role-access";
    static final String BASE_IMAGE = "docker build pulls the Dockerfile's FROM image, which the service's repository names: its registry and policy are the service team's";
    private static final YAMLMapper YAML = new YAMLMapper();

    private BuildCalls() {
    }

    static List<Call> of(Policies policies, Pipelines pipelines, BuildspecCalls buildspecs) {
        TerraformModel model = policies.model();
        String region = model.region();
        List<Call> calls = new ArrayList<>();
        for (Block project : model.resources("aws_codebuild_project")) {
            String role = model.argument(project, "service_role");
            String name = model.argument(project, "name");
            String account = project.account();
            String image = project.body().path("environment").path("image").asText();
            if (!image.startsWith("aws/codebuild/")) {
                throw new IllegalStateException(name + " builds on " + image + ": pulling a build image of your own is not catalogued yet");
            }
            calls.add(Requests.assumedBy("codebuild.amazonaws.com", role, model.attribute(project, List.of("arn")), CONFUSED_DEPUTY));
            String group = project.body().path("logs_config").path("cloudwatch_logs").path("group_name").asText("/aws/codebuild/" + name);
            String stream = "arn:aws:logs:" + region + ":" + account + ":log-group:" + model.resolve(project.stack(), group)
                    + ":log-stream:0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e";
            calls.add(Call.of(role, "logs:CreateLogStream", stream, account, SERVICE_ROLE));
            calls.add(Call.of(role, "logs:PutLogEvents", stream, account, SERVICE_ROLE));

            calls.addAll(checkout(model, project, role));
            for (Action run : pipelines.runs(name)) {
                String bucket = "arn:aws:s3:::" + run.pipeline().bucket();
                calls.add(Call.of(role, "s3:GetBucketAcl", bucket, account, SERVICE_ROLE));
                calls.add(Call.of(role, "s3:GetBucketLocation", bucket, account, SERVICE_ROLE));
                for (String input : run.inputs()) {
                    calls.addAll(PipelineCalls.artifact(policies, role, run.pipeline(), input, false));
                }
                for (String output : run.outputs()) {
                    calls.addAll(PipelineCalls.artifact(policies, role, run.pipeline(), output, true));
                }
            }

            String buildspec = buildspecs.buildspec(model, project);
            JsonNode spec = parse(buildspec);
            spec.path("reports").fieldNames().forEachRemaining(reportGroup -> {
                for (String api : List.of("codebuild:CreateReport", "codebuild:UpdateReport", "codebuild:BatchPutTestCases")) {
                    calls.add(Call.of(role, api, reportGroup, account, REPORTS));
                }
            });
            JsonNode cache = project.body().path("cache");
            if (cache.path("type").asText().equals("S3")) {
                String location = model.resolve(project.stack(), cache.path("location").asText());
                String object = "arn:aws:s3:::" + location + "/0123456789abcdef";
                String bucketName = location.substring(0, location.indexOf('/'));
                calls.add(Call.of(role, "s3:GetObject", object, account, CACHE));
                calls.add(Call.of(role, "s3:PutObject", object, account, CACHE));
                Storage.Sse sse = Storage.defaultEncryption(policies, bucketName);
                sse.key().ifPresent(key -> {
                    calls.addAll(Requests.s3Kms(role, false, key, object, sse.bucketKey(), region));
                    calls.addAll(Requests.s3Kms(role, true, key, object, sse.bucketKey(), region));
                });
            }
            JsonNode vpc = project.body().path("vpc_config");
            if (!vpc.isMissingNode()) {
                calls.addAll(networkInterfaces(model, project, role, vpc));
            }
            for (Call call : buildspecs.calls(policies, project)) {
                calls.add(call);
                if (call.action().equals("secretsmanager:GetSecretValue")) {
                    calls.add(secretKey(policies, call));
                }
            }
            if (buildspec.contains("docker build") || buildspec.contains("docker buildx build")) {
                calls.add(Call.of(role, "ecr:BatchGetImage", "the Dockerfile's base image", account, "buildspec of " + name).unevaluated(BASE_IMAGE));
            }
        }
        return List.copyOf(calls);
    }

    /**
     * What CodeBuild asks of the role to check out a project's own source (the drift check's): the connection's token
     * for GitHub through CodeConnections, a pull for CodeCommit. A pipeline's projects get their source as an artifact.
     */
    private static List<Call> checkout(TerraformModel model, Block project, String role) {
        JsonNode source = project.body().path("source");
        String account = project.account();
        return switch (source.path("type").asText()) {
            case "CODEPIPELINE", "NO_SOURCE" -> List.of();
            case "GITHUB" -> {
                if (!source.path("auth").path("type").asText().equals("CODECONNECTIONS")) {
                    throw new IllegalStateException(model.argument(project, "name") + " checks out GitHub without a connection, "
                            + "which the IAM catalogue does not know");
                }
                String connection = source.path("auth").path("resource").asText();
                String service = connection.split(":")[2];
                yield List.of(Call.of(role, service + ":GetConnectionToken", connection, connection.split(":")[4], CONNECTION),
                        Call.of(role, service + ":GetConnection", connection, connection.split(":")[4], CONNECTION));
            }
            case "CODECOMMIT" -> {
                String repository = source.path("location").asText().replaceFirst(".*/v1/repos/", "");
                yield List.of(Call.of(role, "codecommit:GitPull", "arn:aws:codecommit:" + model.region() + ":" + account + ":" + repository,
                        account, SERVICE_ROLE));
            }
            default -> throw new IllegalStateException(model.argument(project, "name") + " has a " + source.path("type").asText()
                    + " source, whose checkout the IAM catalogue does not know");
        };
    }

    /** Secrets Manager decrypting the secret a call reads, under the secret's key, with the caller's identity. */
    private static Call secretKey(Policies policies, Call read) {
        TerraformModel model = policies.model();
        Block secret = model.find("aws_secretsmanager_secret", s -> model.attribute(s, List.of("arn")).equals(read.resource()))
                .orElseThrow(() -> new IllegalStateException(read + " reads a secret no stack creates"));
        return Requests.viaService(read.principal(), "kms:Decrypt", model.argument(secret, "kms_key_id"), "secretsmanager", model.region(), SECRETS_KMS)
                .with("kms:EncryptionContext:SecretARN", read.resource());
    }

    /** The network interfaces CodeBuild creates for a build in a VPC, with the role's credentials. */
    private static List<Call> networkInterfaces(TerraformModel model, Block project, String role, JsonNode vpc) {
        String account = project.account();
        String ec2 = "arn:aws:ec2:" + model.region() + ":" + account + ":";
        String eni = ec2 + "network-interface/eni-0123456789abcdef0";
        List<Call> calls = new ArrayList<>();
        for (String describe : List.of("DescribeDhcpOptions", "DescribeNetworkInterfaces", "DescribeSubnets", "DescribeSecurityGroups", "DescribeVpcs")) {
            calls.add(Call.of(role, "ec2:" + describe, "*", account, VPC));
        }
        for (JsonNode subnetId : vpc.path("subnets")) {
            String subnet = ec2 + "subnet/" + model.resolve(project.stack(), subnetId.asText());
            calls.add(Call.of(role, "ec2:CreateNetworkInterface", eni, account, VPC).with("ec2:Subnet", subnet));
            calls.add(Call.of(role, "ec2:CreateNetworkInterface", subnet, account, VPC));
            calls.add(Call.of(role, "ec2:CreateNetworkInterfacePermission", eni, account, VPC)
                    .with("ec2:Subnet", subnet).with("ec2:AuthorizedService", "codebuild.amazonaws.com"));
            calls.add(Call.of(role, "ec2:DeleteNetworkInterface", eni, account, VPC).with("ec2:Subnet", subnet));
        }
        for (JsonNode group : vpc.path("security_group_ids")) {
            calls.add(Call.of(role, "ec2:CreateNetworkInterface", ec2 + "security-group/" + model.resolve(project.stack(), group.asText()), account, VPC));
        }
        return calls;
    }

    private static JsonNode parse(String buildspec) {
        try {
            return YAML.readTree(buildspec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
