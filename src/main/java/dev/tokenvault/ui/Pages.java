package dev.tokenvault.ui;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import dev.tokenvault.apikey.ApiKeyView;
import dev.tokenvault.audit.AuditView;
import dev.tokenvault.connection.ConnectionView;
import dev.tokenvault.identity.UserView;
import dev.tokenvault.project.MemberView;
import dev.tokenvault.project.ProjectView;
import dev.tokenvault.provider.CatalogEntry;
import dev.tokenvault.provider.ProviderView;
import dev.tokenvault.webhook.DeliveryStore;
import dev.tokenvault.webhook.WebhookView;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;

/** The UI's templates (src/main/resources/templates/ui), type-checked at build time. */
@CheckedTemplate(basePath = "ui")
public class Pages {

    /**
     * What the page header needs: who is signed in, whether they are an admin, the CSRF token, their projects and
     * the one the page is about.
     */
    public record Nav(String username, boolean admin, String csrf, List<ProjectView> projects, ProjectView project) {

        /** Whether the signed-in user may manage the current project (its owners, and administrators). */
        public boolean manages() {
            return project != null && ("owner".equals(project.role()) || admin);
        }

        /** Whether the signed-in user may act in the current project (connect, make keys): owners and members. */
        public boolean acts() {
            return project != null && ("owner".equals(project.role()) || "member".equals(project.role()));
        }
    }

    public static native TemplateInstance login(Nav nav, String csrf, String username, String error);

    public static native TemplateInstance connections(Nav nav, List<ConnectionView> items,
            List<ProviderView> connectable, String notice, String connectLink, String error);

    public static native TemplateInstance projects(Nav nav, List<ProjectView> items, String error);

    public static native TemplateInstance members(Nav nav, List<MemberView> items, String error, String notice);

    /** A webhook endpoint with its latest delivery attempts. */
    public record Hook(WebhookView endpoint, List<DeliveryStore.Attempt> attempts) {
    }

    public static native TemplateInstance webhooks(Nav nav, List<Hook> items);

    public static native TemplateInstance connection(Nav nav, ConnectionView c, List<AuditView> events);

    public static native TemplateInstance revoke(Nav nav, ConnectionView c);

    public static native TemplateInstance providers(Nav nav, List<ProviderView> items, List<CatalogEntry> catalog,
            String error, String notice);

    /** {@code values}: what was entered (never the secret); {@code params}: the entry's parameters among them. */
    public static native TemplateInstance providerFromCatalog(Nav nav, CatalogEntry entry, Map<String, String> values,
            Map<String, String> params, String error);

    public static native TemplateInstance users(Nav nav, List<UserView> items, String error, String notice);

    public static native TemplateInstance apiKeys(Nav nav, List<ApiKeyView> items, List<ConnectionView> connections,
            ApiKeyView created, String error, String notice);

    public static native TemplateInstance message(Nav nav, String title, String message, String linkHref,
            String linkText);

    /** Timestamps as the UI shows them: {@code {fmt:shown(c.expiresAt)}} (null shows as a dash). */
    @TemplateExtension(namespace = "fmt")
    public static class Formats {
        private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(ZoneOffset.UTC);

        static String shown(Instant instant) {
            return instant == null ? "—" : UTC.format(instant);
        }

        static String iso(Instant instant) {
            return instant == null ? "" : instant.toString();
        }
    }
}
