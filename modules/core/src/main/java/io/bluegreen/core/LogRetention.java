package io.bluegreen.core;

/** Every CloudWatch log group this project creates keeps its events exactly this long (X6). */
public final class LogRetention {
    public static final int DAYS = 30;

    private LogRetention() {
    }
}
