package io.eventwire.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A wrong eventwire property stops the start with a report that names the property, its value and
 * where that value came from, and for a duration, how one is written.
 */
@ExtendWith(OutputCaptureExtension.class)
class EventwirePropertiesFailureAnalyzerTests {

	@Test
	void aDurationThatIsNotOneNamesItsOriginAndTheFormats(CapturedOutput output) {
		failToStart(Map.of(), "--eventwire.retry.backoff=5 seconds");

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("eventwire.retry.backoff = \"5 seconds\" (origin: \"eventwire.retry.backoff\" from property source "
					+ "\"commandLineArgs\") is not a duration.")
			.contains("Write eventwire.retry.backoff as a duration. A duration is a number with a unit, such as 500ms, 10s");
	}

	@Test
	void aValueTheSettingsRefuseNamesTheFileAndLineItCameFrom(CapturedOutput output) {
		failToStart(Map.of(), "--spring.config.location=classpath:misconfigured-eventwire.yml");

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("eventwire.retry.max-retries must not be negative, not -2")
			.contains("eventwire.retry.max-retries = \"-2\" (origin: class path resource [misconfigured-eventwire.yml] - 4:18)")
			.contains("Change eventwire.retry.max-retries where it is set");
	}

	@Test
	void aRefusedDurationGetsTheFormatsToo(CapturedOutput output) {
		failToStart(Map.of("EVENTWIRE_OUTBOX_RELAY_LEASE_DURATION", "500ms"));

		assertThat(output).contains("eventwire.outbox.relay.lease-duration must be at least")
			.contains("eventwire.outbox.relay.lease-duration = \"500ms\" (origin: System Environment Property "
					+ "\"EVENTWIRE_OUTBOX_RELAY_LEASE_DURATION\")")
			.contains(EventwirePropertiesFailureAnalyzer.DURATION_FORMATS);
	}

	@Test
	void aWholeNumberThatIsNotOneSaysSo(CapturedOutput output) {
		failToStart(Map.of(), "--eventwire.consumer.concurrency=three");

		assertThat(output).contains("eventwire.consumer.concurrency = \"three\"")
			.contains("is not a whole number.")
			.contains("Write eventwire.consumer.concurrency as a whole number, or remove it to use its default.");
	}

	@Test
	void aGroupsParallelismOutOfRangeNamesTheGroupsProperty(CapturedOutput output) {
		failToStart(Map.of(), "--eventwire.consumer.groups.audit.parallelism=0");

		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("eventwire.consumer.groups.audit.parallelism must be between 1 and 10000, not 0")
			.contains("eventwire.consumer.groups.audit.parallelism = \"0\"");
	}

	private static void failToStart(Map<String, Object> environment, String... args) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE);
		if (!environment.isEmpty()) {
			application.environment(new StandardEnvironment() {
				@Override
				public Map<String, Object> getSystemEnvironment() {
					return environment;
				}
			});
		}
		String[] all = new String[args.length + 2];
		all[0] = "--eventwire.service-name=misconfigured";
		all[1] = "--eventwire.outbox.relay.enabled=true";
		System.arraycopy(args, 0, all, 2, args.length);
		assertThatException().isThrownBy(() -> application.run(all).close());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
