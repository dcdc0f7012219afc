package io.bluegreen.pipeline;

import io.bluegreen.core.SettingException;
import java.util.regex.Pattern;

/**
 * A role in another account that carries out a deploy action (E8): the pipeline's role assumes
 * it; the artifact bucket and key admit it for reading artifacts. It is created over there.
 *
 * @param accountId the account, 12 digits
 * @param roleName  the role's name in it
 */
public record CrossAccountRole(String accountId, String roleName) {
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9+=,.@_-]{1,64}");

    public CrossAccountRole {
        if (accountId == null || !ACCOUNT.matcher(accountId).matches()) {
            throw SettingException.invalid("production.accountId", "must be a 12-digit AWS account id", accountId,
                    "give the production account, e.g. \"210987654321\", or leave it out to deploy in this account");
        }
        if (roleName == null || !ROLE_NAME.matcher(roleName).matches()) {
            throw SettingException.invalid("production role name", "is not an IAM role name", roleName,
                    "use at most 64 letters, digits or + = , . @ _ -");
        }
    }

    public String arn() {
        return "arn:aws:iam::" + accountId + ":role/" + roleName;
    }
}
