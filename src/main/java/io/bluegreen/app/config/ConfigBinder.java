package io.bluegreen.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.bluegreen.core.SettingException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Binds a part of {@code config/platform.json} onto a record with Jackson, strictly: an unknown key,
 * a value of the wrong type (no coercion: {@code "2"} is not a number, {@code 2} not a string), an
 * or an unknown enum name stops synth with the setting's path, the value and the fix, in the words
 * the rest of the reader uses; {@code null} is a setting left out. A record's own checks (its compact constructor) throw
 * their {@link SettingException} unchanged.
 */
public final class ConfigBinder {
    private static final ObjectMapper MAPPER = mapper();

    private ConfigBinder() {
    }

    private static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Boolean, LogicalType.Enum)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /**
     * {@code node} as a {@code type}; {@code where} is the node's path as people write it (empty for
     * the settings an environment merges, whose keys are named bare).
     */
    public static <T> T bind(JsonNode node, String where, Class<T> type) {
        JsonSettings.requireObject(node, where.isEmpty() ? "the settings" : where);
        try {
            return MAPPER.treeToValue(node, type);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof SettingException setting) {
                throw setting;
            }
            throw new IllegalStateException(e);
        } catch (UnrecognizedPropertyException e) {
            String key = e.getPropertyName();
            throw SettingException.invalid(path(where, e, false) + key, "is not a known setting", key, "use one of "
                    + new TreeSet<>(e.getKnownPropertyIds().stream().map(Object::toString).toList())
                    + " (see docs/settings.md)");
        } catch (MismatchedInputException e) {
            throw mismatch(node, where, e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The keys {@code type} binds: what a layer of settings may hold. */
    public static Set<String> keys(Class<?> type) {
        JavaType javaType = MAPPER.constructType(type);
        return MAPPER.getDeserializationConfig().introspect(javaType).findProperties().stream()
                .map(BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet());
    }

    private static SettingException mismatch(JsonNode root, String where, MismatchedInputException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        boolean item = !path.isEmpty() && path.get(path.size() - 1).getIndex() >= 0;
        String setting = path(where, e, true);
        JsonNode value = root.at(pointer(path));
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            // A name not among the constants is shown bare; anything else (a number, an object) as written.
            return SettingException.invalid(setting, "is not a known choice", e instanceof InvalidFormatException format
                    ? format.getValue() : value, "use one of " + Arrays.stream(target.getEnumConstants()).map(Object::toString).toList());
        }
        if (target == String.class) {
            return item ? SettingException.invalid(setting, "must list strings", value, "put each entry in double quotes")
                    : SettingException.invalid(setting, "must be a string", value, "put the value in double quotes");
        }
        if (target == Integer.class || target == int.class) {
            return SettingException.invalid(setting, "must be a whole number", value, "write it without quotes, e.g. 2");
        }
        if (target == Boolean.class || target == boolean.class) {
            return SettingException.invalid(setting, "must be true or false", value, "write it without quotes");
        }
        if (target != null && Collection.class.isAssignableFrom(target)) {
            return SettingException.invalid(setting, "must be a list", value, "wrap the values in [ ]");
        }
        return SettingException.invalid(setting, "must be a JSON object", value, "wrap the settings in { }");
    }

    /** The setting a failure is at: {@code where}, then the keys down to it (a list's own path for one of its items). */
    private static String path(String where, JsonMappingException e, boolean toTheValue) {
        StringBuilder path = new StringBuilder(where);
        List<JsonMappingException.Reference> references = e.getPath();
        int last = toTheValue ? references.size() : references.size() - 1;
        for (int i = 0; i < last; i++) {
            String key = references.get(i).getFieldName();
            if (key != null) {
                path.append(path.isEmpty() ? "" : ".").append(key);
            }
        }
        return toTheValue || path.isEmpty() ? path.toString() : path + ".";
    }

    private static String pointer(List<JsonMappingException.Reference> references) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            pointer.append('/').append(reference.getFieldName() != null
                    ? reference.getFieldName().replace("~", "~0").replace("/", "~1") : String.valueOf(reference.getIndex()));
        }
        return pointer.toString();
    }
}
