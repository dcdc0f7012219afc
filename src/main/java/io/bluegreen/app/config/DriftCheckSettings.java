package io.bluegreen.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.bluegreen.core.SettingException;
import io.bluegreen.pipeline.Source;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code driftCheck} in config/platform.json: where the scheduled drift check of every named
 * environment checks out this repository, and when it runs. Left out, no environment has one
 * (previews never do: {@code scripts/preview drift pr-N} checks one on demand).
 *
 * @param source   this platform's repository: a GitHub repository through a connection, or CodeCommit
 * @param schedule an EventBridge schedule expression; the construct states the default
 */
public record DriftCheckSettings(Source source, Optional<String> schedule) {
    public static final String SETTING = "driftCheck";
    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) (minutes?|hours?|days?)\\)");
    private static final Pattern CRON = Pattern.compile("cron\\(\\S+( \\S+){5}\\)");

    /** The object as the file writes it, bound by {@link ConfigBinder}. */
    record Written(JsonNode source, String schedule) {
    }

    public static final Set<String> KEYS = ConfigBinder.keys(Written.class);

    public DriftCheckSettings {
        schedule.ifPresent(DriftCheckSettings::requireSchedule);
    }

    static Optional<DriftCheckSettings> parse(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        Written written = ConfigBinder.bind(node, SETTING, Written.class);
        JsonNode source = written.source() == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : written.source();
        return Optional.of(new DriftCheckSettings(SourceSettings.parse(source, SETTING + ".source"), Optional.ofNullable(written.schedule())));
    }

    private static void requireSchedule(String schedule) {
        Matcher rate = RATE.matcher(schedule);
        if (rate.matches()) {
            // A check plans every stack of the environment: more than once an hour costs builds and API calls for no news.
            if (rate.group(2).startsWith("minute") || Integer.parseInt(rate.group(1)) == 0) {
                throw SettingException.invalid(SETTING + ".schedule", "runs more often than once an hour", schedule,
                        "use rate(1 hour) or longer, e.g. rate(1 day)");
            }
            return;
        }
        if (!CRON.matcher(schedule).matches()) {
            throw SettingException.invalid(SETTING + ".schedule", "is not an EventBridge schedule expression", schedule,
                    "use rate(<n> hours|days) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) in UTC, "
                            + "e.g. cron(0 5 ? * MON-FRI *)");
        }
    }
}
