package io.bluegreen.app.iam;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of Terraform's expression language the stacks put into policies and names: references
 * ({@code aws_kms_key.x.arn}, {@code data.aws_ecr_repository.r.encryption_configuration[0].kms_key},
 * {@code terraform.workspace}), string literals and {@code coalesce}. Anything else is refused.
 */
final class Expression {
    private final String text;
    private int at;

    Expression(String text) {
        this.text = text.strip();
    }

    String evaluate(TerraformModel model, String stack) {
        at = 0;
        String value = value(model, stack);
        skipSpaces();
        if (at != text.length()) {
            throw unsupported();
        }
        return value;
    }

    private String value(TerraformModel model, String stack) {
        skipSpaces();
        if (text.charAt(at) == '"') {
            int end = text.indexOf('"', at + 1);
            String literal = text.substring(at + 1, end);
            at = end + 1;
            return literal;
        }
        String name = identifier();
        skipSpaces();
        if (at < text.length() && text.charAt(at) == '(') {
            return call(name, model, stack);
        }
        List<Object> path = new ArrayList<>(List.of(name));
        while (at < text.length() && (text.charAt(at) == '.' || text.charAt(at) == '[')) {
            if (text.charAt(at) == '.') {
                at++;
                path.add(identifier());
            } else {
                int end = text.indexOf(']', at);
                path.add(Integer.parseInt(text.substring(at + 1, end).strip()));
                at = end + 1;
            }
        }
        return reference(path, model, stack);
    }

    private String call(String function, TerraformModel model, String stack) {
        at++;
        List<String> arguments = new ArrayList<>();
        skipSpaces();
        while (text.charAt(at) != ')') {
            arguments.add(value(model, stack));
            skipSpaces();
            if (text.charAt(at) == ',') {
                at++;
            }
            skipSpaces();
        }
        at++;
        if (function.equals("coalesce")) {
            return arguments.stream().filter(a -> !a.isEmpty()).findFirst().orElseThrow(this::unsupported);
        }
        throw unsupported();
    }

    private String reference(List<Object> path, TerraformModel model, String stack) {
        if (path.get(0).equals("terraform") && path.equals(List.of("terraform", "workspace"))) {
            return model.suffix();
        }
        boolean data = path.get(0).equals("data");
        int start = data ? 1 : 0;
        if (path.size() < start + 3) {
            throw unsupported();
        }
        String address = (data ? "data." : "") + path.get(start) + "." + path.get(start + 1);
        return model.attribute(model.block(stack, address), path.subList(start + 2, path.size()));
    }

    private String identifier() {
        int start = at;
        while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_' || text.charAt(at) == '-')) {
            at++;
        }
        if (start == at) {
            throw unsupported();
        }
        return text.substring(start, at);
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalStateException unsupported() {
        return new IllegalStateException("the IAM model cannot evaluate ${" + text + "}");
    }
}
