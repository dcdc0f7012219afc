package io.bluegreen.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.SettingException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values out of {@code config/platform.json} for {@link PlatformConfig} and
 * {@link ServiceConfigs}. A {@code path} is the setting as people write it in errors
 * ({@code services.web.containerPort}); its last segment is the key inside {@code node}.
 */
public final class JsonSettings {
    private JsonSettings() {
    }

    public static void checkKeys(JsonNode node, String prefix, Set<String> allowed) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                throw SettingException.invalid(prefix + key, "is not a known setting", key,
                        "use one of " + new TreeSet<>(allowed) + " (see docs/settings.md)");
            }
        });
    }

    public static String requiredText(JsonNode node, String path) {
        required(node.get(key(path)), path);
        return text(node, path);
    }

    public static String text(JsonNode node, String path) {
        JsonNode value = node.get(key(path));
        if (!value.isTextual()) {
            throw SettingException.invalid(path, "must be a string", value, "put the value in double quotes");
        }
        return value.asText();
    }

    public static String text(JsonNode node, String path, String fallback) {
        return node.has(key(path)) ? text(node, path) : fallback;
    }

    public static int integer(JsonNode node, String path) {
        JsonNode value = node.get(key(path));
        if (!value.isInt()) {
            throw SettingException.invalid(path, "must be a whole number", value, "write it without quotes, e.g. 2");
        }
        return value.asInt();
    }

    public static int integer(JsonNode node, String path, int fallback) {
        return node.has(key(path)) ? integer(node, path) : fallback;
    }

    public static void requireObject(JsonNode node, String where) {
        if (!node.isObject()) {
            throw SettingException.invalid(where, "must be a JSON object", node, "wrap the settings in { }");
        }
    }

    private static String key(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** {@code value}, bound from the setting {@code path}, which cannot be left out. */
    public static <T> T required(T value, String path) {
        if (value == null) {
            throw SettingException.invalid(path, "is required", "", "add it to " + PlatformConfig.FILE);
        }
        return value;
    }

    /** A bound list, none when left out. */
    public static <T> List<T> orNone(List<T> written) {
        return written == null ? List.of() : List.copyOf(written);
    }

    /** A bound map in the file's order (a task's environment is listed as written), none when left out. */
    public static Map<String, String> orNone(Map<String, String> written) {
        return written == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(written));
    }
}
