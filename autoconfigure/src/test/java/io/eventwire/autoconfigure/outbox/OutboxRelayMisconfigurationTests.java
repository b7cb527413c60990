package io.eventwire.autoconfigure.outbox;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Relay settings that cannot work stop the application with a failure report that names the
 * property and says what to set instead. (Any poll interval works with any lease duration: leases
 * are kept on their own schedule.)
 */
@ExtendWith(OutputCaptureExtension.class)
class OutboxRelayMisconfigurationTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"eventwire.outbox.relay.lease-duration=500ms | eventwire.outbox.relay.lease-duration must be at least PT1S (it is PT0.5S)",
			"eventwire.outbox.relay.poll-interval=0s | eventwire.outbox.relay.poll-interval must be positive",
			"eventwire.outbox.relay.batch-size=0 | eventwire.outbox.relay.batch-size must be at least 1",
			"eventwire.outbox.relay.shards=0 | eventwire.outbox.relay.shards must be at least 1",
			"eventwire.outbox.relay.max-attempts=0 | eventwire.outbox.relay.max-attempts must be at least 1" })
	void invalidRelaySettingsFailTheStartupNamingTheProperty(String setting, String expected, CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
			.run("--eventwire.service-name=relay-misconfigured", "--eventwire.outbox.relay.enabled=true", "--" + setting)
			.close());
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("eventwire.outbox.relay")
			.contains(expected)
			.contains("Action:");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
