package io.bluegreen.app;

import com.hashicorp.cdktf.App;
import io.bluegreen.core.SettingException;
import java.nio.file.Path;

/** Entry point of {@code cdktf synth}: wires the stacks, then writes them to cdktf.out. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        App app = new App();
        try {
            PlatformApp.define(app, Path.of(""), System.getenv());
        } catch (SettingException e) {
            // The message names the setting, the value and the fix; a stack trace would only bury it.
            System.err.println(e.getMessage());
            System.exit(1);
        }
        app.synth();
    }
}
