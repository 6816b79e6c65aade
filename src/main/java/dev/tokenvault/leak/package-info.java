/**
 * Leak response: who received a token that leaked ({@code POST /v1/leaks/lookup}), revoking it everywhere in one
 * call ({@code POST /v1/leaks/revoke}), and GitHub's secret scanning partner endpoint for {@code tvk_} keys. It finds
 * tokens by their keyed fingerprints (connections, API keys, the audit log's hand-outs) and acts through the
 * owners of what it changes: the refresh pipeline, the upstream revoker, the API key and connection stores.
 */
package dev.tokenvault.leak;
