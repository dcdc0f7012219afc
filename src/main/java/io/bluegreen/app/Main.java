package io.bluegreen.app;

import com.hashicorp.cdktf.App;
import java.nio.file.Path;

/** Entry point of {@code cdktf synth}: wires the stacks, then writes them to cdktf.out. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        App app = new App();
        PlatformApp.define(app, Path.of(""), System.getenv());
        app.synth();
    }
}
