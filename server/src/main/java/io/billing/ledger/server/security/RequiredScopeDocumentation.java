package io.billing.ledger.server.security;

import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The OpenAPI document states each operation's scope from the same annotation the server enforces. */
@Configuration
public class RequiredScopeDocumentation {

    @Bean
    public OperationCustomizer requiredScopeOfEveryOperation() {
        return (operation, handler) -> {
            EndpointRequirement requirement = EndpointRequirements.of(handler);
            if (requirement instanceof EndpointRequirement.Scope scope) {
                operation.addExtension("x-required-scope", scope.scope().wire());
            } else if (requirement instanceof EndpointRequirement.Public) {
                operation.setSecurity(List.of());
            }
            return operation;
        };
    }
}
