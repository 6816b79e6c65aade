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
