package io.bluegreen.app.config;

import static io.bluegreen.app.config.JsonSettings.checkKeys;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.SettingException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of service the configuration may name, in the order error messages list them, and
 * the names no service may take (the app's own stacks'). A key of another kind is refused naming
 * that kind, so no setting is ever silently ignored.
 */
public record ServiceKinds(List<ServiceKind> all, List<String> reservedNames) {
    public ServiceKinds {
        all = List.copyOf(all);
        reservedNames = List.copyOf(reservedNames);
        if (all.stream().map(ServiceKind::id).distinct().count() != all.size()) {
            throw new IllegalArgumentException("two blueprints share an id: " + all.stream().map(ServiceKind::id).toList());
        }
    }

    public List<String> ids() {
        return all.stream().map(ServiceKind::id).toList();
    }

    public Optional<ServiceKind> find(String id) {
        return all.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    /** {@code services.<name>.blueprint} of {@code service}: required, and one of these. */
    public ServiceKind of(JsonNode service, String where) {
        if (!service.has("blueprint")) {
            throw SettingException.invalid(where + ".blueprint", "is required", "", "use one of " + ids());
        }
        String value = JsonSettings.text(service, where + ".blueprint", null);
        return find(value).orElseThrow(() -> SettingException.invalid(where + ".blueprint", "is not a known blueprint", value,
                "use one of " + ids()));
    }

    /** Every key some blueprint takes. */
    public Set<String> allKeys() {
        return all.stream().flatMap(b -> b.keys().stream()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** A key of another blueprint says which; a key of none lists this blueprint's. */
    public void check(JsonNode s, String where, ServiceKind blueprint) {
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
