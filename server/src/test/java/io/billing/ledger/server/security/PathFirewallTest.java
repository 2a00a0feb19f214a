package io.billing.ledger.server.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PathFirewallTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/%61pi-keys", "/%761/api-keys", "/v1/api%2dkeys", "/v1/api%2Dkeys", "/v1/api-key%73",
            "/v1/%7Eapi", "/v1/%7e", "/v1/%5F", "/v1/%2E", "/v1/%30", "/v1/%41"})
    void an_encoded_unreserved_character_is_ambiguous(String path) {
        assertThat(PathFirewall.encodesAnUnreservedCharacter(path)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/v1/api-keys", "/v1/caf%C3%A9", "/v1/a%20b", "/v1/a%2Fb", "/v1/%25", "/v1/%40", "/v1/%6",
            "/v1/%", "/v1/%zz"})
    void a_reserved_or_non_ascii_escape_is_not_this_rule_s_business(String path) {
        assertThat(PathFirewall.encodesAnUnreservedCharacter(path)).isFalse();
    }
}
