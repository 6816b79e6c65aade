/**
 * Webhooks: a project's endpoints, the fan-out of outbox events into deliveries, and their signed delivery
 * (Standard Webhooks) with retries, from any replica.
 */
package dev.tokenvault.webhook;
