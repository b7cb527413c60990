package io.eventwire.autoconfigure.consume;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * With no broker reachable: a wrongly declared translator is reported before any Kafka client
 * connects (before Boot's KafkaAdmin waits 30 s for the broker), and declaring the topics does not
 * flood the log while the broker is away.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupWithoutBrokerTests {

	// Nothing listens there: every connection is refused at once.
	private static final String NO_BROKER = "--spring.kafka.bootstrap-servers=localhost:9";

	@Test
	void wronglyDeclaredHandlerIsReportedBeforeAnythingConnects(CapturedOutput output) {
		Instant started = Instant.now();
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(TranslatorMisconfigurationTests.PrivateHandler.class)
			.web(WebApplicationType.NONE)
			.run(NO_BROKER)
			.close());
		assertNothingConnected(output, started);
		assertThat(output).contains("APPLICATION FAILED TO START").contains("must not be private");
	}

	@Test
	void handlerDeclaredTwiceIsReportedBeforeTheTopicsAreDeclared(CapturedOutput output) {
		Instant started = Instant.now();
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(TranslatorMisconfigurationTests.Duplicate.class)
			.web(WebApplicationType.NONE)
			.run(NO_BROKER)
			.close());
		assertNothingConnected(output, started);
		assertThat(output).contains("APPLICATION FAILED TO START").contains("second handler for topic 'orders'");
	}

	@Test
	void validApplicationStartsWithoutFloodingTheLog(CapturedOutput output) {
		Instant started = Instant.now();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TranslatorMisconfigurationTests.Valid.class)
			.web(WebApplicationType.NONE)
			.run(NO_BROKER, "--spring.kafka.admin.operation-timeout=8s")) {
			assertThat(context.isRunning()).isTrue();
		}
		Duration took = Duration.between(started, Instant.now());
		// Boot's KafkaAdmin waits its operation timeout (30 s by default, 8 s here) for the broker;
		// its client and the consumers meanwhile log a refused connection at most about once a
		// second each.
		long kafkaLines = output.toString().lines().filter(StartupWithoutBrokerTests::aboutTheMissingBroker).count();
		assertThat(kafkaLines).isLessThan(took.toSeconds() * 3 + 20);
		assertThat(output.toString().lines().filter((line) -> line.contains("Rebootstrapping"))).isEmpty();
	}

	private static void assertNothingConnected(CapturedOutput output, Instant started) {
		// Far below the admin's 30 s operation timeout even on a loaded machine.
		assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(25));
		assertThat(output.toString().lines().filter(StartupWithoutBrokerTests::aboutTheMissingBroker)).isEmpty();
	}

	// Only this test's clients use localhost:9; other contexts of the test JVM may log about
	// brokers of their own meanwhile.
	private static boolean aboutTheMissingBroker(String line) {
		return line.contains("org.apache.kafka") && (line.contains("127.0.0.1:9)") || line.contains("localhost:9 ("));
	}

}
