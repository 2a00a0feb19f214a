package io.billing.ledger.command.apikey;

import io.billing.ledger.api.apikey.ApiKeyCreated;
import io.billing.ledger.api.apikey.ApiKeyRevoked;
import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RevokeApiKey;
import io.billing.ledger.api.error.ConflictException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyAggregateTest {

    private static final String KEY = "key_00000000-0000-0000-0000-000000000001";
    private static final ApiKeyCreated CREATED = new ApiKeyCreated(KEY, "ci", "a".repeat(64), "blk_abcd",
            List.of(ApiKeyScope.READ), null);

    private AggregateTestFixture<ApiKeyAggregate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKeyAggregate.class);
    }

    @Test
    void revoking_a_key_records_it() {
        fixture.given(CREATED).when(new RevokeApiKey(KEY)).expectEvents(new ApiKeyRevoked(KEY));
    }

    @Test
    void revocation_is_final() {
        fixture.given(CREATED, new ApiKeyRevoked(KEY))
                .when(new RevokeApiKey(KEY))
                .expectException(ConflictException.class)
                .expectNoEvents();
    }

    @Test
    void the_hash_is_salted_and_stable() {
        ApiKeyHasher hasher = new ApiKeyHasher("salt-1");
        assertThat(hasher.hash("blk_x")).isEqualTo(hasher.hash("blk_x")).hasSize(64);
        assertThat(hasher.hash("blk_x")).isNotEqualTo(new ApiKeyHasher("salt-2").hash("blk_x"));
        assertThat(hasher.hash("blk_x")).isNotEqualTo(hasher.hash("blk_y"));
    }

    @Test
    void admin_may_do_everything_and_others_only_their_scopes() {
        ApiKeyPrincipal admin = new ApiKeyPrincipal(KEY, Set.of(ApiKeyScope.ADMIN));
        ApiKeyPrincipal reader = new ApiKeyPrincipal(KEY, Set.of(ApiKeyScope.READ));
        assertThat(admin.may(ApiKeyScope.WRITE)).isTrue();
        assertThat(reader.may(ApiKeyScope.READ)).isTrue();
        assertThat(reader.may(ApiKeyScope.WRITE)).isFalse();
        assertThat(reader.may(ApiKeyScope.ADMIN)).isFalse();
    }
}
