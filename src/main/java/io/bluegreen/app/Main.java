package io.bluegreen.app;

import com.hashicorp.cdktf.App;
import io.bluegreen.core.SettingException;
import java.nio.file.Path;

/**
 * Entry point of {@code cdktf synth}: wires the stacks, then writes them to cdktf.out. With the
 * argument {@code atlantis} it prints the generated atlantis.yaml instead.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals(AtlantisConfig.COMMAND)) {
            System.out.print(AtlantisConfig.render(AtlantisConfig.projects(Path.of(""))));
            return;
        }
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
