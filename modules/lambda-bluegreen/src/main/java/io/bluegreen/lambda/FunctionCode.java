package io.bluegreen.lambda;

import io.bluegreen.core.SettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the function's first code comes from; the pipeline publishes every later version, so
 * Terraform never compares code again.
 */
public sealed interface FunctionCode permits FunctionCode.Zip, FunctionCode.Image {
    /**
     * A directory zipped at synth time (a cdktf asset: no archive provider is needed).
     *
     * @param directory the code, e.g. {@code functions/orders}
     * @param handler   {@code file.export}, e.g. {@code index.handler}
     * @param runtime   the language runtime
     */
    record Zip(Path directory, String handler, LambdaRuntime runtime) implements FunctionCode {
        private static final Pattern HANDLER = Pattern.compile("[^\\s]+\\.[^\\s]+");

        public Zip {
            if (directory == null || !Files.isDirectory(directory)) {
                throw SettingException.invalid("code.directory", "is not a directory", directory,
                        "give the directory that holds the function's code");
            }
            if (handler == null || !HANDLER.matcher(handler).matches()) {
                throw SettingException.invalid("code.handler", "must be <file>.<export>", handler, "e.g. index.handler");
            }
            Objects.requireNonNull(runtime, "runtime");
        }
    }

    /**
     * A container image in ECR; the image's own entry point runs.
     *
     * @param imageUri {@code <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>} or {@code @sha256:...}
     */
    record Image(String imageUri) implements FunctionCode {
        public Image {
            if (imageUri == null || !imageUri.contains(".dkr.ecr.") && !imageUri.contains("${")) {
                throw SettingException.invalid("code.imageUri", "is not an ECR image URI", imageUri,
                        "Lambda runs images from ECR only: <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>");
            }
        }
    }
}
