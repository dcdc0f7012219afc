package io.bluegreen.ecs;

import io.bluegreen.core.SettingException;
import java.util.regex.Pattern;

/**
 * An environment variable of the container whose value ECS injects at start from Secrets
 * Manager or Parameter Store, so it never appears in the task definition or the plan.
 *
 * @param name      the variable, e.g. {@code DB_PASSWORD}
 * @param valueFrom the secret's or the SecureString parameter's ARN
 */
public record ContainerSecret(String name, String valueFrom) {
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SECRET_ARN = Pattern.compile(
            "arn:aws(-[a-z]+)*:(secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+|ssm:[a-z0-9-]+:\\d{12}:parameter/.+)");

    public ContainerSecret {
        if (name == null || !VARIABLE.matcher(name).matches()) {
            throw SettingException.invalid("secrets", "has a name that is not a variable name", name, "use letters, digits and _");
        }
        if (valueFrom == null || !SECRET_ARN.matcher(valueFrom).matches()) {
            throw SettingException.invalid("secrets." + name, "must be a Secrets Manager secret or SSM parameter ARN",
                    valueFrom, "store the value there and give its ARN; plain values are not accepted");
        }
    }

    /** The IAM action that reads this kind of secret. */
    String readAction() {
        return valueFrom.contains(":secretsmanager:") ? "secretsmanager:GetSecretValue" : "ssm:GetParameters";
    }
}
