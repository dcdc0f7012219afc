package io.bluegreen.lambda;

import io.bluegreen.codedeploy.DeploymentGroupRef;
import io.bluegreen.core.AwsContext;
import io.bluegreen.core.PolicyDocument.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What a pipeline needs to deliver to a {@link BlueGreenFunction}: the function, its alias and its deployment group. */
public record FunctionRef(String functionName, String functionArn, String aliasName, String aliasArn,
                          DeploymentGroupRef deployment) {
    public FunctionRef {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(aliasName, "aliasName");
        Objects.requireNonNull(aliasArn, "aliasArn");
        Objects.requireNonNull(deployment, "deployment");
    }

    /**
     * Reading which version the alias serves. Lambda authorizes {@code GetAlias} on the function's
     * unqualified ARN (the Service Authorization Reference lists the {@code function} resource
     * type only), so a grant on the alias's ARN alone is refused; the alias's is kept for
     * callers that name it.
     */
    public Statement grantReadAlias() {
        return Statement.allow("ReadAlias").actions("lambda:GetAlias").resources(functionArn, aliasArn).build();
    }

    /**
     * Publishing new code as a version of this function (and reading what the alias serves), then
     * asking CodeDeploy to shift the alias: nothing on another function.
     */
    public List<Statement> grantPublishAndDeploy(AwsContext context) {
        List<Statement> statements = new ArrayList<>();
        statements.add(Statement.allow("PublishVersions")
                .actions("lambda:UpdateFunctionCode", "lambda:PublishVersion", "lambda:GetFunction",
                        "lambda:GetFunctionConfiguration", "lambda:GetAlias")
                // The function and its qualified ARNs (versions and the alias).
                .resources(functionArn, functionArn + ":*").build());
        statements.addAll(deployment.grantDeploy(context));
        return List.copyOf(statements);
    }
}
