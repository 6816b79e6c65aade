package dev.tokenvault.client;

/** Where a connect link stands: {@code pending}, {@code connected} (with the connection), {@code failed}, {@code expired}. */
public record ConnectSessionState(String id, String status, String connectionId, String error) {

    public boolean done() {
        return !"pending".equals(status);
    }
}
