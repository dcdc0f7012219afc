package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.app.iam.Policies.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Roles another account's pipelines assume (C8: the tooling account deploys the function): a
 * role of that account assumes it, which its own policy must allow (the README says so: here
 * an assumption), and then deploys as this stack's own deploy steps do.
 */
final class ToolingCalls {
    static final String CROSS_ACCOUNT_ROLE = "https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_cross-account-with-roles.html";

    private ToolingCalls() {
    }

    /**
     * @param actionRoles the roles pipeline actions of this environment assume (their calls are the actions')
     * @param builds      the calls of the environment's builds, whose deploy steps the tooling account repeats
     */
    static List<Call> of(Policies policies, Set<String> actionRoles, List<Call> builds) {
        List<Call> calls = new ArrayList<>();
        for (Role role : policies.roles().values()) {
            if (actionRoles.contains(role.arn())) {
                continue;
            }
            for (String account : trustedAccounts(role)) {
                String tooling = "arn:aws:iam::" + account + ":role/deploy-pipeline-" + account;
                String allowed = policies.register("assumed: " + tooling + " may assume " + role.arn(), """
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"%s"}]}""".formatted(role.arn()));
                calls.add(Call.of(tooling, "sts:AssumeRole", role.arn(), role.account(), CROSS_ACCOUNT_ROLE).assuming(List.of(allowed)));
                for (Call build : builds) {
                    boolean deploys = build.action().startsWith("lambda:") || build.action().startsWith("codedeploy:");
                    if (deploys && build.source().contains("buildspec of") && policies.role(build.principal())
                            .map(r -> r.stack().equals(role.stack())).orElse(false)) {
                        calls.add(build.by(role.arn()));
                    }
                }
            }
        }
        return calls;
    }

    /** The other accounts a role's trust names as principals. */
    private static List<String> trustedAccounts(Role role) {
        List<String> accounts = new ArrayList<>();
        for (JsonNode statement : role.trust().path("Statement")) {
            JsonNode principals = statement.path("Principal").path("AWS");
            for (JsonNode principal : principals.isArray() ? principals : List.of(principals)) {
                String account = principal.asText().split(":").length > 4 ? principal.asText().split(":")[4] : "";
                if (!account.isEmpty() && !account.equals(role.account())) {
                    accounts.add(account);
                }
            }
        }
        return accounts;
    }
}
