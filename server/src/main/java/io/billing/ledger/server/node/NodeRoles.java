package io.billing.ledger.server.node;

import io.billing.ledger.server.config.InvalidSettingException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What this node does ({@code BILLING_ROLES}, docs/scaling.md). Every node handles commands, so
 * every node runs the subscribing processors that write the command side's lookup tables in the
 * command's own transaction; the roles divide the rest:
 * <ul>
 * <li>{@code api}: the REST API (without it a node answers only {@code /health},
 *     {@code /health/ready} and {@code /metrics});</li>
 * <li>{@code projections}: the streaming processors that build read tables;</li>
 * <li>{@code processes}: the streaming processors that act (invoicing, payments, dunning,
 *     the webhook outbox, the processor-customer sync) and the webhook delivery workers;</li>
 * <li>{@code scheduler}: the billing scheduler.</li>
 * </ul>
 */
public record NodeRoles(Set<Role> roles) {

    public static final String PROPERTY = "billing.roles";
    public static final String VARIABLE = "BILLING_ROLES";
    public static final String ALL = "api,projections,processes,scheduler";

    public enum Role {
        API, PROJECTIONS, PROCESSES, SCHEDULER;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public NodeRoles {
        roles = Set.copyOf(roles);
    }

    /** Comma-separated role names, any order, each at most once meaningful; refused when empty or unknown. */
    public static NodeRoles parse(String value) {
        String expected = "a comma-separated list of api, projections, processes, scheduler (at least one)";
        if (value == null || value.isBlank()) {
            throw new InvalidSettingException(VARIABLE, value == null ? "(unset)" : value, expected);
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String part : value.split(",", -1)) {
            String name = part.trim();
            Role role = Arrays.stream(Role.values()).filter(r -> r.label().equals(name)).findFirst()
                    .orElseThrow(() -> new InvalidSettingException(VARIABLE, value, expected));
            roles.add(role);
        }
        return new NodeRoles(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    @Override
    public String toString() {
        return Arrays.stream(Role.values()).filter(roles::contains).map(Role::label).collect(Collectors.joining(","));
    }
}
