package io.billing.ledger.server.axon;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sorts the failures of event handlers into the two kinds that call for opposite answers.
 * <ul>
 * <li><b>Transient</b>: the database is away, overloaded, restarting, or the transaction lost a
 *     race (connection errors, SQLSTATE classes 08, 53, 57P, 58, serialization failures and
 *     deadlocks 40xxx, lock and statement timeouts). Retrying the same event later succeeds;
 *     parking it would fill the dead-letter queue with healthy events during every outage.</li>
 * <li><b>Permanent</b>: everything else — the database refuses the data (SQLSTATE 22, 23, …),
 *     or the handler itself fails. Retrying gives the same answer for ever.</li>
 * </ul>
 * The answer is read from the whole cause chain (Spring, Axon and Hikari all wrap the driver's
 * exception).
 */
public final class HandlerFailures {

    private static final int LONGEST_MESSAGE = 300;

    private HandlerFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        // the driver's SQLSTATE is the most precise answer; Spring's translation lumps e.g.
        // 54000 (a value too large to index: permanent) in with connection failures
        String sqlState = null;
        for (Throwable cause : chain(failure)) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                sqlState = sql.getSQLState();
            }
        }
        if (sqlState != null) {
            return isTransientState(sqlState);
        }
        for (Throwable cause : chain(failure)) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
                    || cause instanceof IOException
                    || cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof CannotCreateTransactionException) {
                return true;
            }
        }
        return false;
    }

    static boolean isTransientState(String sqlState) {
        if (sqlState == null || sqlState.length() != 5) {
            return false;
        }
        return sqlState.startsWith("08")          // connection exception
                || sqlState.startsWith("53")      // insufficient resources (disk, memory, connections)
                || sqlState.startsWith("57P")     // admin/crash shutdown, cannot connect now
                || sqlState.startsWith("58")      // system error (I/O)
                || sqlState.startsWith("40")      // serialization failure, deadlock
                || sqlState.equals("55P03")       // lock not available
                || sqlState.equals("57014");      // statement timeout, query canceled
    }

    /**
     * What an operator may read about a failure: for a database refusal its SQLSTATE and the
     * server's one-line message (not its "Detail" line, which quotes the row's values); else
     * the first line of the handler's message. No SQL, no stack, no class name, at most 300
     * characters.
     */
    public static String describe(Throwable failure) {
        SQLException sql = null;
        for (Throwable cause : chain(failure)) {
            if (cause instanceof SQLException found) {
                sql = found;
            }
        }
        if (sql != null) {
            String message = firstLine(sql.getMessage()).replaceFirst("^(ERROR|FATAL): ", "");
            return limit("database refused the write (SQLSTATE " + sql.getSQLState() + "): " + message);
        }
        Throwable root = failure;
        for (Throwable cause : chain(failure)) {
            if (cause.getMessage() != null) {
                root = cause;
            }
        }
        String message = root.getMessage() == null ? "no message" : firstLine(root.getMessage());
        return limit("the handler failed: " + message);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    private static String limit(String message) {
        return message.length() <= LONGEST_MESSAGE ? message : message.substring(0, LONGEST_MESSAGE - 1) + "…";
    }

    private static List<Throwable> chain(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        List<Throwable> causes = new ArrayList<>();
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            causes.add(cause);
        }
        return causes;
    }
}
