package dev.tokenvault.platform;

import org.hibernate.JDBCException;

import io.vertx.pgclient.PgException;

/** Recognises database failures that have a meaning in the API. */
public final class Db {

    private Db() {
    }

    /** A unique constraint refused the write (SQLSTATE 23505). */
    public static boolean isUniqueViolation(Throwable failure) {
        return hasSqlState(failure, "23505");
    }

    /** A foreign key refused the write or delete (SQLSTATE 23503). */
    public static boolean isForeignKeyViolation(Throwable failure) {
        return hasSqlState(failure, "23503");
    }

    /**
     * The database cannot be reached or will not take the statement right now (refused or lost connection,
     * shutdown, restart, too many connections, a database that does not accept connections): a {@code 503} with
     * {@code Retry-After}, not a bug.
     */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")
                        || state.equals("55000")) {
                    return true;
                }
            }
            if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException
                    || t instanceof java.net.SocketException // "Connection reset" when a backend is killed mid-read
                    || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            String message = t.getMessage();
            if (t instanceof io.vertx.core.VertxException && message != null
                    && (message.contains("Connection is closed") || message.contains("Connection refused")
                            || message.contains("Timeout") || message.contains("closed"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean hasSqlState(Throwable failure, String state) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && state.equals(pg.getSqlState())) {
                return true;
            }
            if (t instanceof JDBCException jdbc && state.equals(jdbc.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
