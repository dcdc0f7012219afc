package io.bluegreen.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bluegreen.core.Naming;
import io.bluegreen.core.SettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The S3 backend as {@code backend.tf.json} describes it (P5). Encryption and the S3 lock file
 * are not optional: a setting that turns either off stops synth.
 *
 * @param bucket             the state bucket the bootstrap stack creates
 * @param region             where the bucket lives
 * @param workspaceKeyPrefix workspace {@code <w>} keeps its state under {@code <prefix>/<w>/}
 */
public record BackendSettings(String bucket, String region, String workspaceKeyPrefix) {
    public static final String FILE = "backend.tf.json";
    /** The environment of what every environment shares: the state bucket and its key. */
    public static final String SHARED = "shared";
    private static final Set<String> KEYS = Set.of("bucket", "region", "encrypt", "use_lockfile", "workspace_key_prefix");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]+");

    public BackendSettings {
        if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw SettingException.invalid(FILE + " bucket", "is not a valid S3 bucket name", bucket,
                    "use 3-63 lowercase letters, digits, dots and hyphens, e.g. 'acme-platform-tfstate'");
        }
        if (workspaceKeyPrefix == null || !PREFIX.matcher(workspaceKeyPrefix).matches()) {
            throw SettingException.invalid(FILE + " workspace_key_prefix", "must be a plain path segment", workspaceKeyPrefix,
                    "use for example 'env'");
        }
    }

    /** {@code <project>/<stack>.tfstate}, the key of one stack's state. */
    public String key(String projectName, String stackName) {
        return projectName + "/" + stackName + ".tfstate";
    }

    public static BackendSettings load(Path file) {
        JsonNode s3;
        try {
            s3 = new ObjectMapper().readTree(Files.readString(file)).path("terraform").path("backend").path("s3");
        } catch (JsonProcessingException e) {
            throw new SettingException(file + " is not valid JSON: " + e.getOriginalMessage() + "; fix the syntax");
        } catch (IOException e) {
            throw new SettingException(file + " cannot be read, got '" + e.getMessage() + "'; run from the project root");
        }
        if (!s3.isObject()) {
            throw SettingException.invalid(FILE, "must hold terraform.backend.s3", s3, "restore the file from version control");
        }
        Iterator<String> keys = s3.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw SettingException.invalid(FILE + " " + key, "is not a setting the app manages", key,
                        "use only " + new java.util.TreeSet<>(KEYS) + "; the key is derived per stack");
            }
        }
        for (String flag : new String[] {"encrypt", "use_lockfile"}) {
            if (!s3.path(flag).isBoolean() || !s3.get(flag).asBoolean()) {
                throw SettingException.invalid(FILE + " " + flag, "must be true", s3.path(flag),
                        "set \"" + flag + "\": true; state must be encrypted and locked (P5)");
            }
        }
        return new BackendSettings(s3.path("bucket").asText(null), s3.path("region").asText("us-east-1"),
                s3.path("workspace_key_prefix").asText(null));
    }

    /**
     * The key every environment's backend encrypts its state with, by alias: S3 resolves it in
     * the account, so {@code backend.tf.json} needs no account-specific key ARN.
     */
    public static String stateKeyAlias(String projectName) {
        return Naming.of(SHARED).kmsAlias(stateKeyPurpose(projectName));
    }

    /** The purpose in that key's name; the bootstrap creates it in the shared environment. */
    public static String stateKeyPurpose(String projectName) {
        return projectName + "-tfstate";
    }
}
