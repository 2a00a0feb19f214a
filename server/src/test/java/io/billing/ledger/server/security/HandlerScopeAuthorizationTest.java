package io.billing.ledger.server.security;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.PublicEndpoint;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.command.apikey.ApiKeyPrincipal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.StaticWebApplicationContext;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The decision is the handler's: its annotation, the method's over the class's, and no annotation means no. */
class HandlerScopeAuthorizationTest {

    private static final Authentication ANONYMOUS = new AnonymousAuthenticationToken("key", "anonymous",
            AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

    private HandlerScopeAuthorization authorization;

    // inner (not static) classes, so that the application's component scan never picks them up
    @RestController
    @RequiresScope(ApiKeyScope.READ)
    class Reports {
        @GetMapping("/reports")
        String list() {
            return "";
        }

        @PostMapping("/reports/purge")
        @RequiresScope(ApiKeyScope.ADMIN)
        String purge() {
            return "";
        }

        @GetMapping("/reports/status")
        @PublicEndpoint
        String status() {
            return "";
        }
    }

    @RestController
    class Forgotten {
        @GetMapping("/forgotten")
        String get() {
            return "";
        }
    }

    @BeforeEach
    void mappings() {
        StaticWebApplicationContext context = new StaticWebApplicationContext();
        context.getBeanFactory().registerSingleton("reports", new Reports());
        context.getBeanFactory().registerSingleton("forgotten", new Forgotten());
        context.registerSingleton("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        context.refresh();
        authorization = new HandlerScopeAuthorization(new EndpointRequirements(context.getBeanProvider(HandlerMapping.class)));
    }

    @Test
    void the_class_scope_applies_and_admin_implies_it() {
        assertThat(granted("GET", "/reports", key(ApiKeyScope.READ))).isTrue();
        assertThat(granted("GET", "/reports", key(ApiKeyScope.ADMIN))).isTrue();
        assertThat(granted("GET", "/reports", key(ApiKeyScope.WRITE))).isFalse();
        assertThat(granted("GET", "/reports", ANONYMOUS)).isFalse();
    }

    @Test
    void the_method_scope_wins_over_the_class_scope() {
        assertThat(granted("POST", "/reports/purge", key(ApiKeyScope.READ, ApiKeyScope.WRITE))).isFalse();
        assertThat(granted("POST", "/reports/purge", key(ApiKeyScope.ADMIN))).isTrue();
        assertThat(granted("GET", "/reports/status", ANONYMOUS)).isTrue();
    }

    @Test
    void a_handler_without_an_annotation_is_closed_to_every_key() {
        assertThat(granted("GET", "/forgotten", key(ApiKeyScope.ADMIN))).isFalse();
        assertThat(granted("GET", "/forgotten", ANONYMOUS)).isFalse();
    }

    @Test
    void the_spelling_of_the_path_does_not_change_the_handler_or_its_scope() {
        assertThat(granted("POST", "/reports/%70urge", key(ApiKeyScope.READ, ApiKeyScope.WRITE))).isFalse();
        assertThat(granted("POST", "/reports;x/purge", key(ApiKeyScope.READ, ApiKeyScope.WRITE))).isFalse();
        assertThat(granted("GET", "/%66orgotten", key(ApiKeyScope.ADMIN))).isFalse();
    }

    @Test
    void a_request_no_handler_serves_runs_nothing_and_is_left_to_spring_mvc() {
        assertThat(granted("GET", "/nowhere", ANONYMOUS)).isTrue();
        assertThat(granted("DELETE", "/reports", ANONYMOUS)).isTrue(); // a 405: nothing runs
    }

    private boolean granted(String method, String rawPath, Authentication authentication) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, rawPath);
        return authorization.authorize(() -> authentication, new RequestAuthorizationContext(request)).isGranted();
    }

    private static Authentication key(ApiKeyScope... scopes) {
        return new ApiKeyAuthentication(new ApiKeyPrincipal("key_test", Set.of(scopes)));
    }
}
