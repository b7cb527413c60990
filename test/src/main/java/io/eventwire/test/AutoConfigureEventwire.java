package io.eventwire.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds eventwire's test beans to a test's application context ({@link EventScenario},
 * {@link EventRecorder}, a {@link io.eventwire.consume.DirectDispatcher}) and, where the MongoDB
 * driver is on the classpath, an in-memory MongoDB-wire server in place of the configured one. Part
 * of {@link EventwireTest}; use it alone on a {@code @SpringBootTest} that brings its own broker.
 * <p>
 * The in-memory server keeps the database name the application configures
 * ({@code spring.mongodb.database}, else the one in {@code spring.mongodb.uri}, else {@code test}).
 * It is a mongo-java-server: it has no transactions and no change streams, and accepts some things a
 * real server refuses. Where Docker exists, run the same test against MongoDB with Testcontainers'
 * {@code @ServiceConnection}, which takes precedence.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureEventwire {

}
