package io.billing.ledger.server.config;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * After every migrate, run as the owner role: the runtime role may read and write every table
 * (read tables are truncated by replays; token, saga and dead-letter tables are updated),
 * except the append-only ones, on which it has SELECT and INSERT only. A table is append-only
 * when a trigger of it calls {@code reject_event_store_change()}: a future audit table that
 * uses that function is covered without a change here. Default privileges grant tables that
 * later migrations create; this callback then narrows the append-only ones again.
 */
public class RuntimeRoleGrants implements Callback {

    static final String REJECTING_FUNCTION = "reject_event_store_change";
    private static final Logger log = LoggerFactory.getLogger(RuntimeRoleGrants.class);

    private final DatabaseRoles roles;
    private final DataSource runtime;

    public RuntimeRoleGrants(DatabaseRoles roles, DataSource runtime) {
        this.roles = roles;
        this.runtime = runtime;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.AFTER_MIGRATE && roles.separated();
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            grant(context.getConnection(), runtimeRole());
        } catch (SQLException e) {
            throw new IllegalStateException("Could not grant the runtime role its rights after migrating", e);
        }
    }

    @Override
    public String getCallbackName() {
        return "runtime-role-grants";
    }

    private String runtimeRole() throws SQLException {
        try (Connection connection = runtime.getConnection()) {
            return currentUser(connection);
        }
    }

    private static String currentUser(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_user")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void grant(Connection owner, String runtimeRole) throws SQLException {
        String ownerRole = currentUser(owner);
        if (ownerRole.equals(runtimeRole)) {
            log.warn("DATABASE_URL and DATABASE_MIGRATION_URL name the same role ({}): history is not protected "
                    + "by roles", runtimeRole);
            return;
        }
        try (Statement statement = owner.createStatement()) {
            String schema = single(statement, "SELECT quote_ident(current_schema())");
            String role = single(statement, "SELECT quote_ident(" + literal(runtimeRole) + ")");
            List<String> sql = new ArrayList<>();
            if (!"t".equals(single(statement, "SELECT has_schema_privilege(" + literal(runtimeRole)
                    + ", current_schema(), 'USAGE')"))) {
                sql.add("GRANT USAGE ON SCHEMA " + schema + " TO " + role);
            }
            sql.add("GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA " + schema + " TO " + role);
            sql.add("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + schema + " TO " + role);
            sql.add("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema
                    + " GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO " + role);
            sql.add("ALTER DEFAULT PRIVILEGES IN SCHEMA " + schema + " GRANT USAGE, SELECT ON SEQUENCES TO " + role);
            for (String table : appendOnlyTables(statement)) {
                sql.add("REVOKE ALL ON " + table + " FROM " + role);
                sql.add("GRANT SELECT, INSERT ON " + table + " TO " + role);
            }
            // the record of which migrations ran is the owner's to write
            sql.add("REVOKE ALL ON " + schema + ".flyway_schema_history FROM " + role);
            sql.add("GRANT SELECT ON " + schema + ".flyway_schema_history TO " + role);
            for (String each : sql) {
                statement.execute(each);
            }
        }
        log.info("Database roles: migrations as {}, requests as {} (SELECT and INSERT only on the event store)",
                ownerRole, runtimeRole);
    }

    private static Set<String> appendOnlyTables(Statement statement) throws SQLException {
        Set<String> tables = new LinkedHashSet<>();
        tables.add("domain_event_entry");
        try (ResultSet rs = statement.executeQuery("""
                SELECT DISTINCT t.tgrelid::regclass::text FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
                WHERE p.proname = '""" + REJECTING_FUNCTION + "'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static String single(Statement statement, String query) throws SQLException {
        try (ResultSet rs = statement.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
