package dev.tokenvault.connection;

import dev.tokenvault.platform.Caller;
import dev.tokenvault.platform.DomainEvent;
import dev.tokenvault.platform.RequestInfo;

/**
 * A connection was deleted (the delete has committed). {@code connection} is the row as it was, sealed tokens
 * included, so that observers can still act on them (revoke them at the provider).
 */
public final class ConnectionDeleted extends DomainEvent {

    private final Connection connection;
    private final Caller caller;
    private final RequestInfo request;

    public ConnectionDeleted(Connection connection, Caller caller, RequestInfo request) {
        this.connection = connection;
        this.caller = caller;
        this.request = request;
    }

    public Connection connection() {
        return connection;
    }

    public Caller caller() {
        return caller;
    }

    public RequestInfo request() {
        return request;
    }
}
