package io.bluegreen.lambda;

import io.bluegreen.core.SettingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

        /**
         * A Node.js handler that answers 503 until the pipeline publishes the first version, as a
         * new ECS service starts with no tasks: the function exists before any code is built.
         * Written as {@code <file>.js} exporting {@code <export>} of {@code handler}, so the code
         * the pipeline publishes later runs under the same handler setting. The asset's hash
         * depends on the content only, so every synth writes the same JSON.
         *
         * @param handler the handler the real code has, e.g. {@code handler.handler}
         */
        public static Zip placeholder(String handler, LambdaRuntime runtime) {
            if (handler == null || !HANDLER.matcher(handler).matches()) {
                throw SettingException.invalid("code.handler", "must be <file>.<export>", handler, "e.g. index.handler");
            }
            int dot = handler.lastIndexOf('.');
            try (InputStream in = FunctionCode.class.getResourceAsStream("/placeholder-function/placeholder.js")) {
                if (in == null) {
                    throw new IllegalStateException("placeholder-function/placeholder.js is not on the classpath; build modules/lambda-bluegreen with Maven");
                }
                String code = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("__EXPORT__", handler.substring(dot + 1));
                Path directory = Files.createTempDirectory("placeholder-function");
                Path file = Files.writeString(directory.resolve(handler.substring(0, dot) + ".js"), code);
                // Deleted in reverse order at exit: the file, then its directory.
                directory.toFile().deleteOnExit();
                file.toFile().deleteOnExit();
                return new Zip(directory, handler, runtime);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
