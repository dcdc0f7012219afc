package io.bluegreen.app;

import static io.bluegreen.app.JsonSettings.checkKeys;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.SettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The blueprints the configuration may name, in the order error messages list them. A key of
 * another blueprint is refused naming that blueprint, so no setting is ever silently ignored.
 */
public record Blueprints(List<Blueprint> all) {
    /** The app's blueprints: A to E. */
    public static final Blueprints DEFAULT = new Blueprints(List.of(EcsFargateBlueprint.BLUEPRINT, ExistingEcsBlueprint.BLUEPRINT,
            LambdaContainerBlueprint.BLUEPRINT, ServerlessBlueprint.BLUEPRINT, IsolatedEcsBlueprint.BLUEPRINT));

    public Blueprints {
        all = List.copyOf(all);
        if (all.stream().map(Blueprint::id).distinct().count() != all.size()) {
            throw new IllegalArgumentException("two blueprints share an id: " + ids());
        }
    }

    /** These and {@code another}, last. */
    public Blueprints with(Blueprint another) {
        List<Blueprint> more = new ArrayList<>(all);
        more.add(another);
        return new Blueprints(more);
    }

    List<String> ids() {
        return all.stream().map(Blueprint::id).toList();
    }

    Optional<Blueprint> find(String id) {
        return all.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** {@code services.<name>.blueprint} of {@code service}: required, and one of these. */
    Blueprint of(JsonNode service, String where) {
        if (!service.has("blueprint")) {
            throw SettingException.invalid(where + ".blueprint", "is required", "", "use one of " + ids());
        }
        String value = JsonSettings.text(service, where + ".blueprint", null);
        return find(value).orElseThrow(() -> SettingException.invalid(where + ".blueprint", "is not a known blueprint", value,
                "use one of " + ids()));
    }

    /** Every key some blueprint takes. */
    Set<String> allKeys() {
        return all.stream().flatMap(b -> b.keys().stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** A key of another blueprint says which; a key of none lists this blueprint's. */
    void check(JsonNode s, String where, Blueprint blueprint) {
        s.fieldNames().forEachRemaining(key -> {
            if (blueprint.keys().contains(key)) {
                return;
            }
            all.stream().filter(b -> b.keys().contains(key)).findFirst().ifPresent(owner -> {
                throw SettingException.invalid(where + "." + key, "only applies to the " + owner.id() + " blueprint", s.get(key),
                        "remove it, or set \"blueprint\": \"" + owner.id() + "\"");
            });
        });
        checkKeys(s, where + ".", blueprint.keys());
    }
}
