package io.bluegreen.ledger;

import io.bluegreen.core.Naming;
import io.bluegreen.notifications.NameFilter;
import io.bluegreen.notifications.NotificationsRef;
import java.util.Objects;

/**
 * @param naming        names the table {@code ddb-ledger-<suffix>} and everything around it
 * @param notifications where the alarms on undelivered events and failed writes go
 * @param names         whose pipelines and CodeDeploy applications are recorded; by default
 *                      {@link #of} takes every name ending with {@code -<suffix>}, as the
 *                      environment's notification routes do
 */
public record DeploymentLedgerProps(Naming naming, NotificationsRef notifications, NameFilter names) {
    public DeploymentLedgerProps {
        Objects.requireNonNull(naming, "naming");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(names, "names");
    }

    /** Records every pipeline and application of the environment (names ending with {@code -<suffix>}). */
    public static DeploymentLedgerProps of(Naming naming, NotificationsRef notifications) {
        return new DeploymentLedgerProps(naming, notifications, NameFilter.endingWith("-" + naming.suffix().value()));
    }
}
