package io.eventwire.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * A {@code @SpringBootTest} of an eventwire service on an embedded Kafka broker and, where the
 * application uses MongoDB, an in-memory MongoDB-wire server: one annotation, no properties to set.
 * <ul>
 * <li>The embedded KRaft broker's address is {@code spring.kafka.bootstrap-servers}; topics are
 * created when first used, or up front with {@link #topics()}.</li>
 * <li>Where the MongoDB driver is on the classpath, a mongo-java-server answers on a free port, with
 * the database the application configures (see {@link AutoConfigureEventwire}); Boot's MongoDB
 * health says UP. A {@code MongoConnectionDetails} bean of the test's own (Testcontainers'
 * {@code @ServiceConnection}) or {@code eventwire.test.mongodb=configured} keeps the configured
 * server instead.</li>
 * <li>Beans for the test: {@link EventScenario}, {@link EventRecorder} and, where the application
 * has translators, a {@link io.eventwire.consume.DirectDispatcher} to them.</li>
 * </ul>
 * The context is cached between test classes with the same configuration, as Spring's test
 * framework does; add {@code @DirtiesContext} where a test must not share it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@EmbeddedKafka(bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@AutoConfigureEventwire
public @interface EventwireTest {

	/**
	 * @return properties for the test, as {@code key=value}
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "properties")
	String[] properties() default {};

	/**
	 * @return the configuration classes to load, when not the application's
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "classes")
	Class<?>[] classes() default {};

	/**
	 * @return the web environment (a mock servlet environment unless set)
	 */
	@AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
	SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;

	/**
	 * @return topics to create before the application starts
	 */
	@AliasFor(annotation = EmbeddedKafka.class, attribute = "topics")
	String[] topics() default {};

	/**
	 * @return the partitions of every topic created by the broker (those in {@link #topics()} and
	 * those created when first used)
	 */
	@AliasFor(annotation = EmbeddedKafka.class, attribute = "partitions")
	int partitions() default 2;

}
