package io.billing.ledger.server.config;

/**
 * Who connects for what. The server's pool uses the runtime role; migrations use the owner
 * role, which owns the tables, so the runtime role cannot alter, disable or drop what it does
 * not own. With one role ({@code owner == null}) migrations run as the runtime role.
 */
public record DatabaseRoles(DatabaseUrl runtime, DatabaseUrl owner) {

    public boolean separated() {
        return owner != null;
    }
}
