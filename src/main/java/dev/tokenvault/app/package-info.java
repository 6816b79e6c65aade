/**
 * Wiring only: exception mappers, health checks, start-up guard, native-image hints, and the parts of the OpenAPI
 * document that belong to no single resource: its tags, the three ways to authenticate and the
 * {@code application/problem+json} error responses that operations refer to by name
 * ({@link dev.tokenvault.platform.ApiDocs}). {@link dev.tokenvault.app.ApiDocumentFilter} adds the errors every
 * {@code /v1} operation of a given shape can answer. (SmallRye OpenAPI reads {@code @OpenAPIDefinition} from a
 * package or from a JAX-RS {@code Application} class, and this service has none.)
 */
@OpenAPIDefinition(
        info = @Info(title = "tokenvault API", version = "1",
                description = "Stores third-party credentials encrypted and hands out currently valid tokens. Every "
                        + "error is `application/problem+json` (RFC 9457) with a stable `code`; lists are paginated "
                        + "with `page_size` and `page_token`; a field not listed as required may be `null`."),
        tags = {
            @Tag(name = ApiDocs.AUTHENTICATION, description = "Sign in and out; RFC 8693 token exchange for "
                    + "workloads."),
            @Tag(name = ApiDocs.ME, description = "Who the caller is; a user's sessions and password."),
            @Tag(name = ApiDocs.CONNECTIONS, description = "Stored credentials for one account at one provider "
                    + "(metadata only, never the tokens)."),
            @Tag(name = ApiDocs.TOKENS, description = "A currently valid access token, by connection id or by the "
                    + "application's own key (project, provider, subject)."),
            @Tag(name = ApiDocs.CONNECT, description = "The OAuth connect flow (authorization code with PKCE) and "
                    + "connect links for an application's end users."),
            @Tag(name = ApiDocs.PROJECTS, description = "Projects own connections, API keys, bindings and webhooks; "
                    + "members act by their role."),
            @Tag(name = ApiDocs.API_KEYS, description = "Project-scoped `tvk_` keys for CLIs, scripts and "
                    + "applications."),
            @Tag(name = ApiDocs.WEBHOOKS, description = "Signed notifications (Standard Webhooks) when a "
                    + "connection needs a person."),
            @Tag(name = ApiDocs.PROVIDERS, description = "OAuth applications at external services, and the catalog "
                    + "of known providers."),
            @Tag(name = ApiDocs.ISSUERS, description = "OIDC issuers whose JWTs may be exchanged (administrators)."),
            @Tag(name = ApiDocs.BINDINGS, description = "Which subject tokens of a trusted issuer become workloads "
                    + "of a project."),
            @Tag(name = ApiDocs.USERS, description = "User management (administrators)."),
            @Tag(name = ApiDocs.AUDIT, description = "Who got which token, when, from where, and what failed."),
            @Tag(name = ApiDocs.LEAKS, description = "Who received a leaked token, and revoking it everywhere; "
                    + "GitHub's secret scanning partner endpoint for `tvk_` keys."),
            @Tag(name = ApiDocs.KEYS, description = "Encryption key rotation (administrators)."),
            @Tag(name = ApiDocs.DISCOVERY, description = "JWT verification keys and OAuth authorization-server "
                    + "metadata, for standard OAuth and JWT libraries.") },
        components = @Components(
                securitySchemes = {
                    @SecurityScheme(securitySchemeName = ApiDocs.BEARER_JWT, type = SecuritySchemeType.HTTP,
                            scheme = "bearer", bearerFormat = "JWT",
                            description = "A JWT issued by this service: a user's, from `POST /v1/auth/login`, or a "
                                    + "workload's, from the token exchange `POST /v1/auth/token`."),
                    @SecurityScheme(securitySchemeName = ApiDocs.API_KEY, type = SecuritySchemeType.HTTP,
                            scheme = "bearer", bearerFormat = "tvk_<base62 random>_<base62 CRC32>",
                            description = "A project API key sent as a bearer token: `Authorization: Bearer tvk_...`. "
                                    + "It reaches only its project, by its permissions (`tokens:read`, "
                                    + "`connections:write`, `connect`)."),
                    @SecurityScheme(securitySchemeName = ApiDocs.SESSION_COOKIE, type = SecuritySchemeType.APIKEY,
                            in = SecuritySchemeIn.COOKIE, apiKeyName = "__Host-tv_session",
                            description = "The browser session cookie set by `POST /v1/auth/login`. A `POST`, `PUT`, "
                                    + "`PATCH` or `DELETE` signed in by it must also carry the `X-CSRF-Token` header "
                                    + "of the browser's session, or it is refused with `403 csrf_failed`. API "
                                    + "clients should send a bearer token instead.") },
                responses = {
                    @APIResponse(name = ApiDocs.INVALID_REQUEST, description = "`invalid_request`: a parameter or "
                            + "the body is malformed, of the wrong type, or has an unknown field (named in `detail`).",
                            content = @Content(mediaType = Problem.MEDIA_TYPE,
                                    schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "unknown field",
                                            value = ProblemExamples.INVALID))),
                    @APIResponse(name = ApiDocs.UNAUTHENTICATED, description = "`unauthenticated`: credentials are "
                            + "missing, invalid or expired.",
                            headers = @Header(name = "WWW-Authenticate", description = "`Bearer`",
                                    schema = @Schema(type = SchemaType.STRING)),
                            content = @Content(mediaType = Problem.MEDIA_TYPE,
                                    schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "unauthenticated",
                                            value = ProblemExamples.UNAUTHENTICATED))),
                    @APIResponse(name = ApiDocs.FORBIDDEN, description = "`forbidden`: the caller is known but may "
                            + "not do this (a role or permission is missing); `csrf_failed`: a cookie-signed unsafe "
                            + "request without its `X-CSRF-Token`.",
                            content = @Content(mediaType = Problem.MEDIA_TYPE,
                                    schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "forbidden", value = ProblemExamples.FORBIDDEN))),
                    @APIResponse(name = ApiDocs.NOT_FOUND, description = "`not_found`: no such resource, or not "
                            + "the caller's (the same answer).",
                            content = @Content(mediaType = Problem.MEDIA_TYPE,
                                    schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "not found", value = ProblemExamples.NOT_FOUND))),
                    @APIResponse(name = ApiDocs.CONFLICT, description = "`conflict`: it exists already, or it is "
                            + "still in use (`detail` says which).",
                            content = @Content(mediaType = Problem.MEDIA_TYPE,
                                    schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "conflict", value = ProblemExamples.CONFLICT))),
                    @APIResponse(name = ApiDocs.NEEDS_REAUTH, description = "`needs_reauth`: the provider refused "
                            + "the stored refresh token (`invalid_grant` or its equivalent), or none is stored; a "
                            + "person must connect the account again.",
                            content = @Content(mediaType = Problem.MEDIA_TYPE,
                                    schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "needs_reauth",
                                            value = ProblemExamples.NEEDS_REAUTH))),
                    @APIResponse(name = ApiDocs.NEEDS_REAUTH_OR_AMBIGUOUS, description = "`needs_reauth`: the "
                            + "provider refused the stored refresh token; `conflict`: no `subject` was given and the "
                            + "project has several connections to the provider.",
                            content = @Content(mediaType = Problem.MEDIA_TYPE,
                                    schema = @Schema(implementation = Problem.class),
                                    examples = {
                                        @ExampleObject(name = "needs_reauth", value = ProblemExamples.NEEDS_REAUTH),
                                        @ExampleObject(name = "conflict", value = ProblemExamples.AMBIGUOUS) })),
                    @APIResponse(name = ApiDocs.PAYLOAD_TOO_LARGE, description = "`payload_too_large`: the body "
                            + "exceeds 64 KiB.",
                            content = @Content(mediaType = Problem.MEDIA_TYPE,
                                    schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "payload_too_large",
                                            value = ProblemExamples.TOO_LARGE))),
                    @APIResponse(name = ApiDocs.RATE_LIMITED, description = "`rate_limited`: too many requests; "
                            + "retry after `Retry-After` seconds.",
                            headers = @Header(name = "Retry-After", required = true,
                                    description = "Seconds to wait before retrying.",
                                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1")),
                            content = @Content(mediaType = Problem.MEDIA_TYPE,
                                    schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "rate_limited",
                                            value = ProblemExamples.RATE_LIMITED))),
                    @APIResponse(name = ApiDocs.PROVIDER_UNAVAILABLE, description = "`provider_unavailable`: the "
                            + "provider failed or is backing off and no valid token is at hand; retry after "
                            + "`Retry-After` seconds (no upstream call is made before then).",
                            headers = @Header(name = "Retry-After", required = true,
                                    description = "Seconds to wait before retrying.",
                                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1")),
                            content = @Content(mediaType = Problem.MEDIA_TYPE,
                                    schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "provider_unavailable",
                                            value = ProblemExamples.PROVIDER_UNAVAILABLE))),
                    @APIResponse(name = ApiDocs.ERROR, description = "Any other failure, e.g. `500 internal_error`, "
                            + "`500 integrity_error` (a stored secret does not open), `503 database_unavailable`, "
                            + "`503 audit_unavailable` (nothing was handed out; with `Retry-After`).",
                            content = @Content(mediaType = Problem.MEDIA_TYPE,
                                    schema = @Schema(implementation = Problem.class))) }))
package dev.tokenvault.app;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.tokenvault.platform.ApiDocs;
import dev.tokenvault.platform.Problem;
