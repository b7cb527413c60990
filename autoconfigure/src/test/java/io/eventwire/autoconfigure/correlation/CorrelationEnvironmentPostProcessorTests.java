package io.eventwire.autoconfigure.correlation;

import java.util.Map;

import io.eventwire.correlation.CorrelationId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationEnvironmentPostProcessorTests {

	private final CorrelationEnvironmentPostProcessor postProcessor = new CorrelationEnvironmentPostProcessor();

	private final StandardEnvironment environment = new StandardEnvironment();

	@AfterEach
	void restoreMdcKey() {
		CorrelationId.useMdcKey(CorrelationId.DEFAULT_MDC_KEY);
	}

	@Test
	void defaultsShowTheIdInLogsAndCarryItAcrossThreads() {
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());

		// micrometer-tracing is on this class path: the trace and span ids are shown too, as Boot would.
		assertThat(this.environment.getProperty("logging.pattern.correlation"))
			.isEqualTo("%correlationId{correlationId(36),traceId(32),spanId(16)}");
		assertThat(this.environment.getProperty("spring.task.execution.propagate-context")).isEqualTo("true");
		assertThat(this.environment.getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
		assertThat(CorrelationId.mdcKey()).isEqualTo("correlationId");
	}

	@Test
	void theApplicationsSettingsWinAndTheMdcKeyIsConfigurable() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application",
					Map.of("logging.pattern.correlation", "%X{requestId}", "spring.task.execution.propagate-context",
							"false", "eventwire.correlation.mdc-key", "requestId")));
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());

		assertThat(this.environment.getProperty("logging.pattern.correlation")).isEqualTo("%X{requestId}");
		assertThat(this.environment.getProperty("spring.task.execution.propagate-context")).isEqualTo("false");
		assertThat(CorrelationId.mdcKey()).isEqualTo("requestId");
		try (CorrelationId.Scope scope = CorrelationId.open(CorrelationId.generate())) {
			assertThat(org.slf4j.MDC.get("requestId")).isEqualTo(CorrelationId.current().orElseThrow());
			assertThat(org.slf4j.MDC.get("correlationId")).isNull();
		}
	}

	@Test
	void withoutTracingOnlyTheCorrelationIdIsShown() {
		assertThat(CorrelationEnvironmentPostProcessor.correlationPattern("correlationId", false))
			.isEqualTo("%correlationId{correlationId(36)}");
	}

	@Test
	void nothingChangesWhenEventwireIsOff() {
		this.environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("eventwire.enabled", "false")));
		this.postProcessor.postProcessEnvironment(this.environment, new SpringApplication());

		assertThat(this.environment.getProperty("logging.pattern.correlation")).isNull();
		assertThat(this.environment.getPropertySources().contains(CorrelationEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

}
