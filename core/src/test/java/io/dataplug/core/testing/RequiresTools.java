package io.dataplug.core.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The tests of this class need these command-line tools. Where one is missing, every test is reported as
 * skipped (a JUnit assumption per test), and the class's {@code @BeforeAll} methods, which usually make data
 * with the tools, are not run; so a machine without the tools reports N skipped tests, never zero tests.
 */
@Target(ElementType.TYPE)
@Inherited // a base class's needs are its subclasses' (a test written once, run on each store)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresTools.Check.class)
public @interface RequiresTools {

    String[] value();

    /** The JUnit extension behind the annotation. */
    final class Check implements BeforeEachCallback, InvocationInterceptor {

        private static List<String> missing(ExtensionContext context) {
            return context.getTestClass()
                    .flatMap(c -> AnnotationSupport.findAnnotation(c, RequiresTools.class))
                    .map(r -> ExternalTools.missing(r.value()))
                    .orElse(List.of());
        }

        @Override
        public void interceptBeforeAllMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> call,
                                             ExtensionContext context) throws Throwable {
            if (missing(context).isEmpty()) {
                invocation.proceed();
            } else {
                invocation.skip();
            }
        }

        @Override
        public void beforeEach(ExtensionContext context) {
            ExternalTools.require(missing(context).toArray(String[]::new));
        }
    }
}
