package io.bluegreen.notifications;

import java.util.List;
import java.util.Map;

/**
 * Which pipelines or CodeDeploy applications an {@link EventRoute} listens to: given names, or
 * every name ending with a suffix (all pipelines of one environment).
 */
public sealed interface NameFilter {
    /** The EventBridge pattern value for the name field. */
    List<Object> pattern();

    /** The same names as IAM resource globs, e.g. {@code *-dev} for an ARN's name part. */
    List<String> globs();

    static NameFilter named(List<String> names) {
        return new Named(names);
    }

    static NameFilter endingWith(String suffix) {
        return new EndingWith(suffix);
    }

    record Named(List<String> names) implements NameFilter {
        public Named {
            names = List.copyOf(names);
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a name filter needs at least one name");
            }
        }

        @Override
        public List<Object> pattern() {
            return List.copyOf(names);
        }

        @Override
        public List<String> globs() {
            return names;
        }
    }

    record EndingWith(String suffix) implements NameFilter {
        public EndingWith {
            if (suffix == null || suffix.isEmpty()) {
                throw new IllegalArgumentException("a suffix filter needs a suffix");
            }
        }

        @Override
        public List<Object> pattern() {
            return List.of(Map.of("suffix", suffix));
        }

        @Override
        public List<String> globs() {
            return List.of("*" + suffix);
        }
    }
}
