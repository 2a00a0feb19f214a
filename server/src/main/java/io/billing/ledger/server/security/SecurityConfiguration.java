package io.billing.ledger.server.security;

import io.billing.ledger.command.apikey.ApiKeyAuthenticator;
import io.billing.ledger.server.config.DeploymentSettings;
import io.billing.ledger.server.web.ErrorResponses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.savedrequest.NullRequestCache;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Spring Security for an API of bearer keys: stateless (no session, no CSRF token — nothing
 * rides on cookies), no form or basic login. Every request passes the {@link PathFirewall};
 * a bearer key is authenticated by {@link ApiKeyAuthenticationFilter}; the decision is made
 * on the handler the request reaches ({@link HandlerScopeAuthorization}). CORS is off unless
 * CORS_ALLOWED_ORIGINS names the origins a browser may call from.
 */
@Configuration
@EnableWebSecurity
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiKeyAuthenticator authenticator, ErrorResponses errors,
                                    SecurityAnswers answers, EndpointRequirements requirements,
                                    ApiKeyUseRecorder useRecorder,
                                    DeploymentSettings deployment, CorsSettings corsSettings,
                                    @Value("${management.server.port:-1}") int managementPort)
            throws Exception {
        if (managementPort > 0) {
            // MANAGEMENT_PORT serves the Prometheus scrape alone, without a key, to the private network
            // it is bound to (docs/operations.md); the firewall still checks its requests, the API's
            // authentication and authorisation are for the API's port
            http.securityMatcher(request -> request.getLocalPort() != managementPort);
        }
        http
                .csrf(csrf -> csrf.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .rememberMe(rememberMe -> rememberMe.disable())
                .requestCache(cache -> cache.requestCache(new NullRequestCache()))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> {
                    headers.cacheControl(cache -> cache.disable())
                            .addHeaderWriter(new StaticHeadersWriter(HttpHeaders.CACHE_CONTROL, "no-store"));
                    if (deployment.production()) {
                        // behind a TLS-terminating proxy the request looks like plain HTTP: send it anyway
                        headers.httpStrictTransportSecurity(hsts -> hsts.requestMatcher(AnyRequestMatcher.INSTANCE)
                                .maxAgeInSeconds(Duration.ofDays(365).toSeconds()).includeSubDomains(true));
                    } else {
                        headers.httpStrictTransportSecurity(hsts -> hsts.disable());
                    }
                })
                .cors(cors -> cors.disable())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(answers)
                        .accessDeniedHandler(answers))
                .addFilterBefore(new ApiKeyAuthenticationFilter(authenticator, requirements, answers, errors, useRecorder),
                        AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest()
                        .access(new HandlerScopeAuthorization(requirements)));
        List<String> origins = origins(corsSettings.allowedOrigins());
        if (!origins.isEmpty()) {
            CorsFilter cors = new CorsFilter(corsFor(origins));
            cors.setCorsProcessor(new EnvelopeCorsProcessor(errors));
            http.addFilterAfter(cors, HeaderWriterFilter.class);
        }
        return http.build();
    }

    @Bean
    WebSecurityCustomizer firewall(SecurityAnswers answers) {
        return web -> web.httpFirewall(new PathFirewall()).requestRejectedHandler(answers);
    }

    static List<String> origins(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(origin -> !origin.isEmpty()).toList();
    }

    private static UrlBasedCorsConfigurationSource corsFor(List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins);
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, "Idempotency-Key",
                "X-Request-Id"));
        cors.setExposedHeaders(List.of("X-Request-Id", HttpHeaders.RETRY_AFTER, "X-RateLimit-Limit",
                "X-RateLimit-Remaining", "Idempotent-Replayed"));
        cors.setMaxAge(Duration.ofHours(1));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
