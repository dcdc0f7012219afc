package io.bluegreen.ledger;

import java.util.Objects;

/**
 * What a blueprint stack or a reader needs of an environment's ledger: the table's name (C10,
 * D9 output it) and ARN (to grant reading it).
 */
public record LedgerRef(String tableName, String tableArn) {
    public LedgerRef {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(tableArn, "tableArn");
    }
}
