package io.bluegreen.app.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Calls that must be refused, derived from the allowed ones: the same call from an account
 * nothing trusts, from another environment's role on this environment's resources, from a
 * service the trust does not name, {@code iam:PassRole} to a service the condition does not
 * name, and another account's roles on anything beside what they are granted.
 */
public final class Negatives {
    private static final String ADMINISTRATOR = "arn:aws:iam::aws:policy/AdministratorAccess";

    /** A call that must be denied, and why it is asked. */
    public record Probe(String kind, Call call) {
    }

    private Negatives() {
    }

    /**
     * Every call on a resource that has a resource policy (a trust, a key, bucket, topic, queue,
     * repository or function policy), made from an account nothing trusts by a role that may do
     * anything there (AdministratorAccess): only those policies can refuse it, and must. Without a
     * resource policy AWS refuses any other account by default. A service acting for the
     * stranger's resources carries its account in the source keys and encryption contexts.
     */
    public static List<Probe> fromAStranger(List<Call> allowed, Policies policies, Account accounts) {
        List<Probe> probes = new ArrayList<>();
        for (Call call : allowed) {
            if (call.resource().equals("*") || policies.resourcePolicy(call.resource()).isEmpty()) {
                continue;
            }
            String account = call.principalAccount();
            Map<String, Object> context = new LinkedHashMap<>();
            call.context().forEach((key, value) -> context.put(key, value.toString().replace(account, accounts.stranger())));
            String principal = call.byService() ? call.principal()
                    : "arn:aws:iam::" + accounts.stranger() + ":" + call.principal().split(":", 6)[5];
            probes.add(new Probe("a stranger account", new Call(principal, call.action(), call.resource(), call.resourceAccount(), context,
                    call.source(), call.byService() ? List.of() : List.of(ADMINISTRATOR), call.unevaluated())));
        }
        return probes;
    }

    /**
     * The roles of {@code other} (another environment in the same account) in place of this
     * environment's roles, on this environment's resources: its role of the same name, as the
     * suffix names it.
     */
    public static List<Probe> fromAnotherEnvironment(List<Call> allowed, Policies own, String suffix, Policies other, String otherSuffix) {
        List<Probe> probes = new ArrayList<>();
        for (Call call : allowed) {
            if (call.byService() || own.role(call.principal()).isEmpty() || !belongsTo(own, call.resource(), suffix)) {
                continue;
            }
            String otherRole = call.principal().substring(0, call.principal().length() - suffix.length()) + otherSuffix;
            if (other.role(otherRole).isPresent()) {
                probes.add(new Probe("the role of " + otherSuffix, call.by(otherRole)));
            }
        }
        return probes;
    }

    /** Each service's role assumed by a service its trust does not name. */
    public static List<Probe> fromAnUntrustedService(List<Call> allowed) {
        List<Probe> probes = new ArrayList<>();
        for (Call call : allowed) {
            if (call.byService() && call.action().equals("sts:AssumeRole")) {
                String other = call.principal().equals("ec2.amazonaws.com") ? "lambda.amazonaws.com" : "ec2.amazonaws.com";
                probes.add(new Probe("a service the trust does not name", call.by(other)));
            }
        }
        return probes;
    }

    /** Each role passed to another service than the one its {@code iam:PassedToService} condition names. */
    public static List<Probe> passedToAnotherService(List<Call> allowed) {
        List<Probe> probes = new ArrayList<>();
        for (Call call : allowed) {
            if (call.action().equals("iam:PassRole")) {
                probes.add(new Probe("a role passed to another service", call.with("iam:PassedToService", "lambda.amazonaws.com")));
            }
        }
        return probes;
    }

    /**
     * What another account's roles may not do here: each of their grants on every other
     * resource of the same kind the environment has, and the write beside each read.
     */
    public static List<Probe> beyondCrossAccountGrants(List<Call> allowed, Account accounts) {
        Set<String> resources = new LinkedHashSet<>();
        allowed.forEach(call -> resources.add(call.resource()));
        Map<String, String> writes = Map.of("s3:GetObject", "s3:PutObject", "ecr:BatchGetImage", "ecr:PutImage",
                "kms:Decrypt", "kms:Encrypt", "codedeploy:GetDeployment", "codedeploy:DeleteDeploymentGroup");
        List<Probe> probes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Call call : allowed) {
            if (call.byService() || call.principalAccount().equals(call.resourceAccount()) || call.resource().equals("*")
                    || call.principalAccount().equals(accounts.pipeline()) || call.action().equals("sts:AssumeRole")) {
                continue;
            }
            String kind = kind(call.resource());
            for (String resource : resources) {
                if (!container(resource).equals(container(call.resource())) && kind(resource).equals(kind)
                        && seen.add(call.principal() + call.action() + resource)) {
                    probes.add(new Probe("another account's role beyond its grants", call.on(resource)));
                }
            }
            String write = writes.get(call.action());
            if (write != null && seen.add(call.principal() + write + call.resource())) {
                probes.add(new Probe("another account's role writing what it may read",
                        new Call(call.principal(), write, call.resource(), call.resourceAccount(), call.context(), call.source(),
                                call.identity(), call.unevaluated())));
            }
        }
        return probes;
    }

    /** A resource of this environment: named with its suffix, or a key its stacks create. */
    private static boolean belongsTo(Policies own, String resource, String suffix) {
        return resource.contains("-" + suffix) || resource.startsWith("arn:aws:kms:") && own.createsKey(resource);
    }

    /** What a grant covers as a whole: an object's bucket (its other objects are granted alike), else the resource. */
    private static String container(String arn) {
        return arn.startsWith("arn:aws:s3:::") && arn.contains("/") ? arn.substring(0, arn.indexOf('/')) : arn;
    }

    /** An ARN's service, account and resource type: {@code s3:::bucket}, {@code kms:<account>:key}. */
    private static String kind(String arn) {
        String[] parts = arn.split(":", 6);
        if (parts.length < 6) {
            return arn;
        }
        String resource = parts[5];
        int end = resource.indexOf('/');
        String type = parts[2].equals("s3") ? (end < 0 ? "bucket" : "object") : end < 0 ? resource.split(":")[0] : resource.substring(0, end);
        return parts[2] + ":" + parts[4] + ":" + type;
    }
}
