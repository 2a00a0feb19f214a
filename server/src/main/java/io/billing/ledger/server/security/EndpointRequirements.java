package io.billing.ledger.server.security;

import io.billing.ledger.api.apikey.PublicEndpoint;
import io.billing.ledger.api.apikey.RequiresScope;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

import java.util.List;

/**
 * Finds the handler Spring MVC will invoke for a request — asking the same handler mappings,
 * in the same order, as the DispatcherServlet — and reads what it requires from its
 * annotations. The decision never looks at the URI string, so an encoding that routes to a
 * handler cannot change what that handler requires.
 */
@Component
public class EndpointRequirements {

    private final ObjectProvider<HandlerMapping> mappingProvider;
    private volatile List<HandlerMapping> mappings;

    public EndpointRequirements(ObjectProvider<HandlerMapping> mappingProvider) {
        this.mappingProvider = mappingProvider;
    }

    /**
     * The requirement of the handler this request (in this dispatch) will reach. Asked twice per
     * request, by the key filter and by the authorisation check, so the lookup is kept on the
     * request for the same method and path.
     */
    public EndpointRequirement of(HttpServletRequest request) {
        String target = request.getDispatcherType() + " " + request.getMethod() + " " + request.getRequestURI();
        if (request.getAttribute(RESOLVED) instanceof Resolved resolved && resolved.target().equals(target)) {
            return resolved.requirement();
        }
        EndpointRequirement requirement = lookUp(request);
        request.setAttribute(RESOLVED, new Resolved(target, requirement));
        return requirement;
    }

    private static final String RESOLVED = EndpointRequirements.class.getName() + ".resolved";

    private record Resolved(String target, EndpointRequirement requirement) {
    }

    private EndpointRequirement lookUp(HttpServletRequest request) {
        Object handler;
        try {
            handler = handlerOf(request);
        } catch (ServletException e) {
            // 405, 406, 415 and the like: the DispatcherServlet will raise the same and run nothing
            return new EndpointRequirement.NoHandler();
        } catch (Exception e) {
            // a mapping we cannot read is not a reason to let the request through
            return new EndpointRequirement.Undeclared("unresolvable handler (" + e.getClass().getSimpleName() + ")");
        }
        if (handler == null) {
            return new EndpointRequirement.NoHandler();
        }
        if (handler instanceof HandlerMethod method) {
            return of(method);
        }
        if (handler instanceof ResourceHttpRequestHandler) {
            // static files only exist where springdoc serves the Swagger UI (spring.web.resources.add-mappings is off)
            return new EndpointRequirement.Public();
        }
        return new EndpointRequirement.Undeclared(handler.getClass().getName());
    }

    /** The method's own annotation wins over its class's. */
    public static EndpointRequirement of(HandlerMethod method) {
        RequiresScope scope = method.getMethodAnnotation(RequiresScope.class);
        if (scope != null) {
            return new EndpointRequirement.Scope(scope.value());
        }
        if (method.hasMethodAnnotation(PublicEndpoint.class)) {
            return new EndpointRequirement.Public();
        }
        Class<?> type = method.getBeanType();
        scope = AnnotatedElementUtils.findMergedAnnotation(type, RequiresScope.class);
        if (scope != null) {
            return new EndpointRequirement.Scope(scope.value());
        }
        if (AnnotatedElementUtils.hasAnnotation(type, PublicEndpoint.class)
                || type.getPackageName().startsWith("org.springdoc.")) {
            return new EndpointRequirement.Public();
        }
        return new EndpointRequirement.Undeclared(type.getName() + "#" + method.getMethod().getName());
    }

    private Object handlerOf(HttpServletRequest request) throws Exception {
        Object previousPath = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        ServletRequestPathUtils.parseAndCache(request);
        try {
            for (HandlerMapping mapping : mappings()) {
                HandlerExecutionChain chain = mapping.getHandler(request);
                if (chain != null) {
                    return chain.getHandler();
                }
            }
            return null;
        } finally {
            if (previousPath == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            } else {
                request.setAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE, previousPath);
            }
        }
    }

    private List<HandlerMapping> mappings() {
        List<HandlerMapping> known = mappings;
        if (known == null) {
            known = mappingProvider.orderedStream().toList();
            mappings = known;
        }
        return known;
    }
}
