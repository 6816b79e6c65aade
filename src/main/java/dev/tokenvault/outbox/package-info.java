/**
 * The outbox of domain events (a connection created, deleted, in need of a person; an API key about to expire):
 * written by the package that makes the change, in the same transaction or statement, and read by the webhook
 * package, which delivers them. Just above platform, so that every package that changes something can write here.
 */
package dev.tokenvault.outbox;
