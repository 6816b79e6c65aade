package dev.tokenvault.app;

import dev.tokenvault.apikey.ApiKeyService;
import dev.tokenvault.apikey.ApiKeyView;
import dev.tokenvault.audit.AuditView;
import dev.tokenvault.connect.ConnectResource;
import dev.tokenvault.connect.ConnectSessionService;
import dev.tokenvault.connection.ConnectionView;
import dev.tokenvault.connection.NewConnection;
import dev.tokenvault.connection.StatusView;
import dev.tokenvault.crypto.KeyAdminResource;
import dev.tokenvault.crypto.Rewrapper;
import dev.tokenvault.exchange.BindingService;
import dev.tokenvault.exchange.BindingView;
import dev.tokenvault.exchange.IssuerService;
import dev.tokenvault.exchange.IssuerView;
import dev.tokenvault.exchange.TokenExchangeService;
import dev.tokenvault.identity.AuthResource;
import dev.tokenvault.identity.UserService;
import dev.tokenvault.identity.UserView;
import dev.tokenvault.platform.Page;
import dev.tokenvault.platform.Problem;
import dev.tokenvault.project.MeResource;
import dev.tokenvault.project.MemberView;
import dev.tokenvault.project.ProjectService;
import dev.tokenvault.project.ProjectView;
import dev.tokenvault.provider.CatalogEntry;
import dev.tokenvault.provider.ProviderRequest;
import dev.tokenvault.provider.ProviderView;
import dev.tokenvault.refresh.CredentialCheck;
import dev.tokenvault.token.TokenView;
import dev.tokenvault.leak.LeakQuery;
import dev.tokenvault.leak.LeakReport;
import dev.tokenvault.leak.RevokeReport;
import dev.tokenvault.leak.SecretScanningService;
import dev.tokenvault.webhook.DeliveryStore;
import dev.tokenvault.webhook.WebhookService;
import dev.tokenvault.webhook.WebhookView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The JSON bodies Jackson reads and writes, registered for reflection in the native image. Quarkus REST
 * registers the declared parameter and return types of resource methods itself; this list covers the ones it
 * cannot see: bodies inside a {@code Response} or {@code Uni<Response>} (the token, problem documents), the
 * element types of the generic {@link Page}, and nested records; and the catalog entries, which the provider
 * catalog reads with its own strict mapper at start-up. Kept in one place so a new DTO is added here.
 */
@RegisterForReflection(targets = {
        Problem.class, Page.class,
        AuditView.class, AuditView.Actor.class,
        ConnectionView.class, NewConnection.class, StatusView.class, TokenView.class,
        KeyAdminResource.Keys.class, Rewrapper.KeyUsage.class, Rewrapper.Result.class,
        AuthResource.LoginRequest.class, AuthResource.LoginResponse.class, MeResource.Me.class,
        MeResource.ProjectRef.class, MeResource.SessionView.class, UserService.UserChange.class,
        UserService.PasswordChange.class,
        UserService.NewUser.class, UserView.class,
        ProviderRequest.class, ProviderView.class, StatusView.Outcome.class,
        CatalogEntry.class, CatalogEntry.Parameter.class, CatalogEntry.RefreshToken.class, CatalogEntry.Validation.class,
        CredentialCheck.Result.class,
        ApiKeyView.class, ApiKeyService.NewApiKey.class, ApiKeyService.NewProjectApiKey.class,
        ProjectView.class, MemberView.class, ProjectService.NewProject.class, ProjectService.ProjectChange.class,
        ProjectService.MemberChange.class, ConnectSessionService.NewConnectSession.class,
        ConnectSessionService.Created.class, ConnectSessionService.SessionView.class,
        WebhookView.class, WebhookService.NewWebhook.class, WebhookService.WebhookChange.class,
        WebhookService.Pinged.class, DeliveryStore.Attempt.class,
        LeakQuery.class, LeakReport.class, LeakReport.Match.class, LeakReport.HandOut.class, LeakReport.Actor.class,
        RevokeReport.class, RevokeReport.Result.class, SecretScanningService.Label.class,
        IssuerView.class, IssuerService.NewIssuer.class, BindingView.class, BindingService.NewBinding.class,
        TokenExchangeService.ExchangeRequest.class, TokenExchangeService.ExchangeResponse.class,
        ConnectResource.StartRequest.class, ConnectResource.StartResponse.class, ConnectResource.Connected.class })
public final class NativeReflection {
    private NativeReflection() {
    }
}
