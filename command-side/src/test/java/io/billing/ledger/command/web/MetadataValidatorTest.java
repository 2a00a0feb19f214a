package io.billing.ledger.command.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Metadata as Stripe limits it: 50 keys, keys of 1 to 40 characters, flat values of at most 500 characters. */
class MetadataValidatorTest {

    private static final Validator VALIDATOR = Validation.buildDefaultValidatorFactory().getValidator();

    record Holder(@Metadata Map<String, Object> metadata) {
    }

    record Properties(@Metadata(allowNumbersAndBooleans = true) Map<String, Object> properties) {
    }

    @Test
    void the_largest_allowed_metadata_passes() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            metadata.put(String.format("%040d", i), "v".repeat(500));
        }
        metadata.replace(String.format("%040d", 2), null);
        assertThat(violations(metadata)).isEmpty();
        assertThat(violations(null)).isEmpty();
    }

    @Test
    void metadata_values_are_strings_as_stripes_are_while_usage_properties_may_be_numbers_and_booleans() {
        assertThat(violations(Map.of("seats", 42))).singleElement().asString().contains("strings");
        assertThat(violations(Map.of("vip", true))).singleElement().asString().contains("strings");
        assertThat(VALIDATOR.validate(new Properties(Map.of("bytes", 42, "cached", true, "region", "eu")))).isEmpty();
        assertThat(VALIDATOR.validate(new Properties(Map.of("k", Map.of("nested", "v"))))).hasSize(1);
    }

    @Test
    void each_limit_is_refused_with_its_own_message() {
        Map<String, Object> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 51; i++) {
            tooMany.put("k" + i, "v");
        }
        assertThat(violations(tooMany)).containsExactly("may hold at most 50 keys");
        assertThat(violations(Map.of("k".repeat(41), "v"))).containsExactly("keys must be 1 to 40 characters long");
        assertThat(violations(Map.of("", "v"))).containsExactly("keys must be 1 to 40 characters long");
        assertThat(violations(Map.of("k", "v".repeat(501))))
                .containsExactly("values must be at most 500 characters long");
        assertThat(violations(Map.of("k", Map.of("nested", "v")))).singleElement().asString().contains("nested");
        assertThat(violations(Map.of("k", List.of(1)))).singleElement().asString().contains("nested");
    }

    @Test
    void client_text_is_never_interpolated_into_the_message() {
        assertThat(violations(Map.of("${1+1}" + "k".repeat(40), "v")))
                .containsExactly("keys must be 1 to 40 characters long");
    }

    private static List<String> violations(Map<String, Object> metadata) {
        Set<ConstraintViolation<Holder>> found = VALIDATOR.validate(new Holder(metadata));
        return found.stream().map(ConstraintViolation::getMessage).toList();
    }
}
