package io.bluegreen.app.iam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request a principal makes on AWS, as the service forms it: the action, the exact resource
 * ARN the Service Authorization Reference names for it ({@code *} where the action takes none),
 * and the context keys the service sets.
 *
 * @param principal  a role's ARN, or a service principal ({@code events.amazonaws.com}) where
 *                   the service calls as itself
 * @param context    condition keys of the request, beside those every request carries
 *                   ({@code aws:PrincipalArn}, {@code aws:SecureTransport}, ...)
 * @param source     where the call comes from: a documentation page, or the buildspec line
 * @param identity   the identity policies of a principal the stacks do not create (an adopted
 *                   role), as stated assumptions; empty for the stacks' own roles, whose
 *                   policies are read from the JSON
 * @param unevaluated why this call cannot be evaluated here, if it cannot
 */
public record Call(String principal, String action, String resource, String resourceAccount, Map<String, Object> context,
                   String source, List<String> identity, Optional<String> unevaluated) {
    public Call {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(resourceAccount, "resourceAccount");
        context = Map.copyOf(context);
        Objects.requireNonNull(source, "source");
        identity = List.copyOf(identity);
    }

    public static Call of(String principal, String action, String resource, String resourceAccount, String source) {
        return new Call(principal, action, resource, resourceAccount, Map.of(), source, List.of(), Optional.empty());
    }

    public Call with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(context);
        more.put(key, value);
        return new Call(principal, action, resource, resourceAccount, more, source, identity, unevaluated);
    }

    public Call by(String otherPrincipal) {
        return new Call(otherPrincipal, action, resource, resourceAccount, context, source, identity, unevaluated);
    }

    public Call on(String otherResource) {
        return new Call(principal, action, Objects.requireNonNull(otherResource, "resource"), resourceAccount, context, source, identity, unevaluated);
    }

    public Call assuming(List<String> identityPolicies) {
        return new Call(principal, action, resource, resourceAccount, context, source, identityPolicies, unevaluated);
    }

    public Call unevaluated(String reason) {
        return new Call(principal, action, resource, resourceAccount, context, source, identity, Optional.of(reason));
    }

    public boolean byService() {
        return !principal.startsWith("arn:");
    }

    /** The principal's account: a role's own, a service's that of the resource it acts for. */
    public String principalAccount() {
        return byService() ? resourceAccount : principal.split(":")[4];
    }

    @Override
    public String toString() {
        return principal + " " + action + " on " + resource + (context.isEmpty() ? "" : " " + context);
    }
}
