package io.billing.ledger.api.apikey;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope an API key needs to reach a controller (on the class) or one of its handler
 * methods (on the method, which wins). The server authorises on the handler a request is
 * routed to, so this is the only place where an endpoint's scope is written down; a handler
 * with neither this nor {@link PublicEndpoint} is refused to everyone.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {

    ApiKeyScope value();
}
