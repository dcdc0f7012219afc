package io.bluegreen.app.config;

import java.util.List;
import java.util.Set;

/**
 * How the configuration reads one kind of service ({@code services.<name>.blueprint}): the keys it
 * takes and the record it reads them into. The configuration knows kinds only through this; a
 * blueprint ({@code io.bluegreen.app.blueprint.Blueprint}) is a kind that also assembles stacks.
 */
public interface ServiceKind {
    /** The value of {@code services.<name>.blueprint} that selects it, e.g. {@code ECS_FARGATE}. */
    String id();

    /** The keys it takes under {@code services.<name>}, {@code blueprint} included. */
    Set<String> keys();

    /** One service's settings, already checked to hold only {@link #keys()}. */
    ServiceConfig read(ServiceInput input);

    /** Checks the environment's services of this kind together (names one instance fixes, say); any number by default. */
    default void checkTogether(List<ServiceConfig> services) {
    }
}
