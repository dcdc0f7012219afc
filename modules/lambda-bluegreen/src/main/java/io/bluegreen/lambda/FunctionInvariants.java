package io.bluegreen.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.hashicorp.cdktf.providers.aws.lambda_alias.LambdaAlias;
import com.hashicorp.cdktf.providers.aws.lambda_function.LambdaFunction;
import io.bluegreen.core.RenderedResource;
import java.util.ArrayList;
import java.util.List;
import software.constructs.IValidation;

/**
 * Checks at synth time, on the resources as they will be written (overrides included), what a
 * Lambda blue/green deployment needs: a function that publishes versions and an alias that
 * serves a published version. An alias on {@code $LATEST} would take every code update at once,
 * and CodeDeploy cannot shift it.
 */
final class FunctionInvariants implements IValidation {
    private final LambdaFunction function;
    private final LambdaAlias alias;

    FunctionInvariants(LambdaFunction function, LambdaAlias alias) {
        this.function = function;
        this.alias = alias;
    }

    @Override
    public List<String> validate() {
        List<String> errors = new ArrayList<>();
        JsonNode renderedFunction = RenderedResource.of(function);
        String name = renderedFunction.path("function_name").asText();
        if (!renderedFunction.path("publish").asBoolean(false)) {
            errors.add("function " + name + ": publish must be true, got '" + renderedFunction.path("publish")
                    + "'; the alias needs a published version to start from");
        }
        String version = RenderedResource.of(alias).path("function_version").asText();
        if (version.equals("$LATEST")) {
            errors.add("function " + name + ": the alias targets $LATEST, got '" + version
                    + "'; point it at a published version, which CodeDeploy can shift");
        }
        return errors;
    }

}
