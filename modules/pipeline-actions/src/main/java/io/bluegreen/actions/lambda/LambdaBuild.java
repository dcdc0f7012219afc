package io.bluegreen.actions.lambda;

import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import io.bluegreen.core.SettingException;
import io.bluegreen.lambda.FunctionRef;
import io.bluegreen.pipeline.Artifact;
import io.bluegreen.pipeline.BuildKind;
import io.bluegreen.pipeline.Buildspec;
import io.bluegreen.registry.ImageRef;
import io.bluegreen.registry.RegistryRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The builds of a Lambda delivery: the code (a zip or an image), its publication as a version, the traffic shift. */
public final class LambdaBuild {
    /** Compiles a TypeScript function, runs its Jest tests and zips it (D2). */
    public static final Buildspec ZIP_BUILDSPEC = new Buildspec("lambda-zip-build.yml", false, true);
    /** Builds a function's container image with a layer cache and pushes it (C2); Docker needs privileges. */
    public static final Buildspec IMAGE_BUILDSPEC = new Buildspec("lambda-image-build.yml", true, false);
    /** Publishes the zip as a new version without traffic (D's Deploy-Blue). */
    public static final Buildspec PUBLISH_BUILDSPEC = new Buildspec("lambda-publish.yml", false, false);
    /** Publishes the built image as a new version without traffic (C's Deploy, first step). */
    public static final Buildspec IMAGE_PUBLISH_BUILDSPEC = new Buildspec("lambda-image-publish.yml", false, false);
    /** Has CodeDeploy shift the alias to the published version and waits for the outcome (D's Switch-Traffic). */
    public static final Buildspec SHIFT_BUILDSPEC = new Buildspec("lambda-shift.yml", false, false);

    private LambdaBuild() {
    }

    /** Compiles a TypeScript function, runs its Jest tests (reported) and writes {@code function.zip}. */
    public record Zip() implements BuildKind {
        @Override
        public Buildspec buildspec() {
            return ZIP_BUILDSPEC;
        }

        @Override
        public Map<String, String> variables() {
            return Map.of();
        }

        @Override
        public List<Statement> statements(AwsContext context, Optional<String> registrySecretArn) {
            return List.of();
        }
    }

    /**
     * Builds the function's container image with a Docker layer cache kept in {@code cacheBucket}
     * and pushes it under the commit's tag; writes {@code imageDetail.json}. The layer cache needs
     * a BuildKit builder, whose image Docker would otherwise pull from Docker Hub anonymously at
     * every build, under the rate limit CodeBuild's shared addresses exhaust: it comes from the
     * account's own registry instead, pinned by digest.
     *
     * @param registry       where the image goes
     * @param cacheBucketArn the build-cache bucket, where CodeBuild keeps the layer cache
     * @param cachePath      {@code <bucket>/<prefix>} of the cache
     * @param buildkit       the BuildKit image the builder runs, in the same registry as {@code registry}
     */
    public record Image(RegistryRef registry, String cacheBucketArn, String cachePath, ImageRef buildkit) implements BuildKind {
        public Image {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(cacheBucketArn, "cacheBucketArn");
            Objects.requireNonNull(cachePath, "cachePath");
            Objects.requireNonNull(buildkit, "buildkit");
        }

        @Override
        public Buildspec buildspec() {
            return IMAGE_BUILDSPEC;
        }

        @Override
        public Optional<String> cacheLocation() {
            return Optional.of(cachePath);
        }

        @Override
        public Map<String, String> variables() {
            return Map.of("REPOSITORY_URI", registry.repositoryUrl(), "BUILDKIT_IMAGE", buildkit.uri());
        }

        @Override
        public List<Statement> statements(AwsContext context, Optional<String> registrySecretArn) {
            List<Statement> statements = new ArrayList<>(registry.grantPush());
            statements.addAll(List.of(buildkit.grantPull(),
                    Statement.allow("KeepLayerCache").actions("s3:GetObject", "s3:PutObject")
                            .resources(cacheBucketArn + "/*").build(),
                    Statement.allow("LocateLayerCache").actions("s3:GetBucketLocation").resources(cacheBucketArn).build()));
            return List.copyOf(statements);
        }
    }

    /**
     * Publishes the code in {@code code} ({@code function.zip}, or the image {@code imageDetail.json}
     * names) as a new version of the function, with no traffic, and writes {@code version.json}.
     *
     * @param image the repository of the image {@code code} names; empty when {@code code} holds a zip
     */
    public record Publish(FunctionRef function, Artifact code, Optional<RegistryRef> image) implements BuildKind {
        public Publish {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(image, "image");
        }

        public static Publish zip(FunctionRef function, Artifact code) {
            return new Publish(function, code, Optional.empty());
        }

        public static Publish image(FunctionRef function, Artifact code, RegistryRef registry) {
            return new Publish(function, code, Optional.of(registry));
        }

        @Override
        public Buildspec buildspec() {
            return image.isPresent() ? IMAGE_PUBLISH_BUILDSPEC : PUBLISH_BUILDSPEC;
        }

        @Override
        public Artifact input() {
            return code;
        }

        @Override
        public boolean deploys() {
            return true;
        }

        @Override
        public Map<String, String> variables() {
            return Map.of("FUNCTION_NAME", function.functionName());
        }

        @Override
        public List<Statement> statements(AwsContext context, Optional<String> registrySecretArn) {
            List<Statement> statements = new ArrayList<>(List.of(Statement.allow("PublishVersions")
                    .actions("lambda:UpdateFunctionCode", "lambda:PublishVersion", "lambda:GetFunction",
                            "lambda:GetFunctionConfiguration")
                    // The function and its versions.
                    .resources(function.functionArn(), function.functionArn() + ":*").build()));
            // Lambda checks that whoever points a function at an image may read it.
            image.ifPresent(registry -> statements.add(Statement.allow("ReadImage")
                    .actions("ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer").resources(registry.repositoryArn()).build()));
            return List.copyOf(statements);
        }
    }

    /**
     * Has CodeDeploy shift the function's alias to the version in {@code published}'s
     * {@code version.json} and waits until CodeDeploy reports the outcome; the build's timeout
     * covers the longest shift the deployment config takes.
     */
    public record Shift(FunctionRef function, Artifact published, int shiftMinutes) implements BuildKind {
        /** What CodeBuild allows at most. */
        public static final int MAX_TIMEOUT_MINUTES = 480;

        public Shift {
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(published, "published");
            if (shiftMinutes < 0 || shiftMinutes > MAX_TIMEOUT_MINUTES - 30) {
                throw SettingException.invalid("deploymentConfig", "takes longer than a build may wait", shiftMinutes + " minutes",
                        "choose a config that shifts within " + (MAX_TIMEOUT_MINUTES - 30) + " minutes");
            }
        }

        @Override
        public Buildspec buildspec() {
            return SHIFT_BUILDSPEC;
        }

        @Override
        public Artifact input() {
            return published;
        }

        @Override
        public boolean deploys() {
            return true;
        }

        @Override
        public int timeoutMinutes() {
            return shiftMinutes + 30;
        }

        @Override
        public Map<String, String> variables() {
            return new TreeMap<>(Map.of(
                    "FUNCTION_NAME", function.functionName(),
                    "ALIAS_NAME", function.aliasName(),
                    "APPLICATION_NAME", function.deployment().applicationName(),
                    "DEPLOYMENT_GROUP_NAME", function.deployment().deploymentGroupName()));
        }

        @Override
        public List<Statement> statements(AwsContext context, Optional<String> registrySecretArn) {
            List<Statement> statements = new ArrayList<>();
            statements.add(function.grantReadAlias());
            statements.addAll(function.deployment().grantDeploy(context));
            return List.copyOf(statements);
        }

        @Override
        public Map<String, String> parameters() {
            return new TreeMap<>(Map.of(
                    "function-name", function.functionName(),
                    "alias-name", function.aliasName(),
                    "deployment-group", function.deployment().deploymentGroupName()));
        }
    }
}
