package io.billing.ledger.server.config;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Configuration;

/**
 * Registers every settings record ({@code @ConfigurationProperties}, {@code @Validated}) of
 * every module: each is bound and checked at start, and a bad value stops the server with a
 * message naming the environment variable ({@link InvalidSettingFailureAnalyzer}).
 */
@Configuration(proxyBeanMethods = false)
@ConfigurationPropertiesScan("io.billing.ledger")
public class SettingsConfiguration {
}
