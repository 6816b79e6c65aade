/**
 * Projects, members and the one access decision "may this caller do X in project P". Above identity (users),
 * below everything that belongs to a project (connections, API keys, bindings, webhooks).
 */
package dev.tokenvault.project;
