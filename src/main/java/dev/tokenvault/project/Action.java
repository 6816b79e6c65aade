package dev.tokenvault.project;

/** What a caller may ask to do in a project; {@link Access#decide} says who may. */
public enum Action {
    /** See the project itself. */
    VIEW_PROJECT,
    /** Change or delete the project. */
    MANAGE_PROJECT,
    VIEW_MEMBERS,
    MANAGE_MEMBERS,
    /** List connections, read their metadata and status. */
    VIEW_CONNECTIONS,
    /** Have a connection's access token handed out. */
    READ_TOKENS,
    /** Create, update, check and delete connections. */
    WRITE_CONNECTIONS,
    /** Start connect flows and connect sessions. */
    CONNECT,
    VIEW_API_KEYS,
    CREATE_API_KEYS,
    /** Revoke any of the project's keys (the member who made a key may always revoke it). */
    REVOKE_API_KEYS,
    MANAGE_BINDINGS,
    VIEW_WEBHOOKS,
    MANAGE_WEBHOOKS,
    VIEW_AUDIT,
    /** Look up and revoke leaked credentials of the project. */
    RESPOND_TO_LEAKS
}
