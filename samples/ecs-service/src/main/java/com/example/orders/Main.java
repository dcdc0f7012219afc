package com.example.orders;

import com.hashicorp.cdktf.App;

/** {@code npx cdktf synth} (cdktf.json runs it): the orders service of environment {@code dev}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        App app = new App();
        new OrdersStack(app, "orders", "dev", System.getenv().getOrDefault("CONNECTION_ARN",
                "arn:aws:codestar-connections:us-east-1:123456789012:connection/6f0b8e8a-1c2d-4e5f-8a9b-0c1d2e3f4a5b"));
        app.synth();
    }
}
