package io.billing.ledger.server.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseUrlTest {

    @Test
    void the_seed_form_becomes_a_jdbc_url_with_credentials() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://billing:s%40cret@db.internal:6543/billing_engine?sslmode=require");

        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6543/billing_engine?sslmode=require");
        assertThat(url.username()).isEqualTo("billing");
        assertThat(url.password()).isEqualTo("s@cret");
        assertThat(url.toString()).doesNotContain("s@cret");
    }

    @Test
    void the_postgres_scheme_and_a_missing_port_are_accepted() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://me@localhost/ledger");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/ledger");
        assertThat(url.username()).isEqualTo("me");
        assertThat(url.password()).isNull();
    }

    @Test
    void a_jdbc_url_is_used_as_it_is() {
        assertThat(DatabaseUrl.parse("jdbc:postgresql://localhost:5432/x?user=a").jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:5432/x?user=a");
    }

    @Test
    void other_databases_and_urls_without_a_database_are_refused() {
        assertThatThrownBy(() -> DatabaseUrl.parse("mysql://localhost/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://localhost")).isInstanceOf(IllegalArgumentException.class);
    }
}
