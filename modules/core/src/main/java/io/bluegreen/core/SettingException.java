package io.bluegreen.core;

/**
 * Bad input found at synth time. The message always reads
 * {@code <setting> <problem>, got '<value>'; <fix>} so the person running {@code cdktf synth}
 * knows what to change without reading code. Thrown before anything is written, never caught.
 */
public final class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public SettingException(String message) {
        super(message);
    }

    public static SettingException invalid(String setting, String problem, Object value, String fix) {
        return new SettingException(setting + " " + problem + ", got '" + value + "'; " + fix);
    }
}
