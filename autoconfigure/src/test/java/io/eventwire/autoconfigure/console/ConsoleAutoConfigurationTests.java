package io.eventwire.autoconfigure.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the console is there: off by default, on with {@code eventwire.console.enabled} where its
 * endpoint is exposed (a WARN where it is not), only in servlet applications.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsoleAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				ConsoleAutoConfiguration.class))
		.withPropertyValues("eventwire.service-name=console-conditions");

	@Test
	void offByDefault() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=eventwireConsole")
			.run((context) -> assertThat(context).doesNotHaveBean(EventwireConsoleEndpoint.class)
				.doesNotHaveBean(ConsoleProperties.class));
	}

	@Test
	void enabledAndExposed(CapturedOutput output) {
		this.runner
			.withPropertyValues("eventwire.console.enabled=true",
					"management.endpoints.web.exposure.include=eventwireConsole")
			.run((context) -> {
				assertThat(context).hasSingleBean(EventwireConsoleEndpoint.class);
				assertThat(context.getBean(ConsoleProperties.class).payloads())
					.isEqualTo(ConsoleProperties.PayloadDisplay.MASKED);
			});
		assertThat(output).doesNotContain("eventwireConsole endpoint is not exposed");
	}

	@Test
	void enabledButNotExposedSaysSo(CapturedOutput output) {
		this.runner.withPropertyValues("eventwire.console.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(EventwireConsoleEndpoint.class));
		assertThat(output).contains("eventwire.console.enabled is true, but the eventwireConsole endpoint is not "
				+ "exposed over HTTP: add eventwireConsole to management.endpoints.web.exposure.include");
	}

	@Test
	void notInAReactiveApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, ConsoleAutoConfiguration.class))
			.withPropertyValues("eventwire.console.enabled=true",
					"management.endpoints.web.exposure.include=eventwireConsole")
			.run((context) -> assertThat(context).doesNotHaveBean(EventwireConsoleEndpoint.class));
	}

}
