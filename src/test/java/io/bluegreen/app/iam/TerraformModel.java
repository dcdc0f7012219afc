package io.bluegreen.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * An environment's synthesized stacks with their Terraform expressions resolved to the values
 * AWS would hold after apply, so that policies can be evaluated on concrete ARNs. Names come
 * from the JSON; what AWS generates (key ids, resource ids) is a stable stand-in per resource;
 * what the account holds outside the stacks (adopted services) comes from {@link Account}.
 * An expression this model does not know fails loudly rather than resolving to something.
 */
public final class TerraformModel {
    /** One resource or data source of one stack. */
    public record Block(String stack, boolean data, String type, String name, JsonNode body, String account) {
        public String address() {
            return (data ? "data." : "") + type + "." + name;
        }

        public String text(String argument) {
            return body.path(argument).asText();
        }
    }

    private final Account accounts;
    private final String suffix;
    private final Map<String, JsonNode> roots;
    private final Map<String, List<Block>> stacks = new LinkedHashMap<>();
    private final Map<String, Block> byAddress = new LinkedHashMap<>();

    public TerraformModel(Map<String, JsonNode> synthesized, String suffix, Account accounts) {
        this.accounts = accounts;
        this.suffix = suffix;
        this.roots = Map.copyOf(synthesized);
        synthesized.forEach((stack, root) -> {
            String stackAccount = defaultAccount(root);
            List<Block> blocks = new ArrayList<>();
            for (String kind : List.of("resource", "data")) {
                root.path(kind).fields().forEachRemaining(type -> type.getValue().fields().forEachRemaining(block -> {
                    String provider = block.getValue().path("provider").asText("");
                    String account = provider.endsWith(".pipeline_account") ? accounts.pipeline() : stackAccount;
                    Block b = new Block(stack, kind.equals("data"), type.getKey(), block.getKey(), block.getValue(), account);
                    blocks.add(b);
                    byAddress.put(stack + "/" + b.address(), b);
                }));
            }
            stacks.put(stack, List.copyOf(blocks));
        });
    }

    public String suffix() {
        return suffix;
    }

    public Account accounts() {
        return accounts;
    }

    public String region() {
        return accounts.region();
    }

    public List<String> stackNames() {
        return List.copyOf(stacks.keySet());
    }

    /** A stack's S3 backend settings; empty for a stack with local state. */
    public JsonNode backend(String stack) {
        return roots.get(stack).path("terraform").path("backend").path("s3");
    }

    /** Every resource and data source of {@code stack}. */
    public List<Block> blocks(String stack) {
        return stacks.get(stack);
    }

    /** Every block of {@code type} (resources, not data sources) in every stack. */
    public List<Block> resources(String type) {
        return stacks.values().stream().flatMap(List::stream).filter(b -> !b.data() && b.type().equals(type)).toList();
    }

    public List<Block> dataSources(String type) {
        return stacks.values().stream().flatMap(List::stream).filter(b -> b.data() && b.type().equals(type)).toList();
    }

    public Optional<Block> find(String type, Predicate<Block> matching) {
        return resources(type).stream().filter(matching).findFirst();
    }

    /** The block a reference such as {@code aws_iam_role.x} or {@code data.aws_vpc.y} names in {@code stack}. */
    public Block block(String stack, String address) {
        Block block = byAddress.get(stack + "/" + address);
        if (block == null) {
            throw new IllegalStateException(stack + " has no " + address);
        }
        return block;
    }

    /** {@code text} with every {@code ${...}} of {@code stack} replaced by its value. */
    public String resolve(String stack, String text) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int start = text.indexOf("${", at);
            if (start < 0) {
                return out.append(text.substring(at)).toString();
            }
            int end = closingBrace(text, start + 2);
            out.append(text, at, start).append(new Expression(text.substring(start + 2, end)).evaluate(this, stack));
            at = end + 1;
        }
    }

    /** The value of a block's argument, resolved; empty when the block does not set it. */
    public String argument(Block block, String argument) {
        JsonNode value = block.body().path(argument);
        return value.isMissingNode() || value.isNull() ? "" : resolve(block.stack(), value.asText());
    }

    /** An attribute as Terraform would read it after apply: an argument, or what AWS computes. */
    String attribute(Block block, List<Object> path) {
        String first = (String) path.get(0);
        if (path.size() == 1 && !Attributes.COMPUTED.contains(first) && block.body().has(first) && block.body().get(first).isValueNode()) {
            return argument(block, first);
        }
        return Attributes.of(this, block, path);
    }

    /** A stand-in for an id AWS generates, the same for the same resource in every run. */
    String generatedId(Block block, int length) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((block.stack() + "/" + block.address() + "/" + suffix).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String uuid(Block block) {
        String hex = generatedId(block, 32);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-" + hex.substring(16, 20) + "-"
                + hex.substring(20);
    }

    String arn(Block block, String service, String resource) {
        return "arn:aws:" + service + ":" + region() + ":" + block.account() + ":" + resource;
    }

    private String defaultAccount(JsonNode root) {
        for (JsonNode provider : root.path("provider").path("aws")) {
            if (!provider.has("alias") && provider.has("allowed_account_ids")) {
                return provider.path("allowed_account_ids").get(0).asText();
            }
        }
        return accounts.pipeline();
    }

    private static int closingBrace(String text, int from) {
        int depth = 1;
        boolean quoted = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && text.charAt(i - 1) != '\\') {
                quoted = !quoted;
            } else if (!quoted && c == '{') {
                depth++;
            } else if (!quoted && c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unclosed ${ in " + text);
    }
}
