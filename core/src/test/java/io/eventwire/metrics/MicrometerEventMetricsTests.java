package io.eventwire.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MicrometerEventMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerEventMetrics metrics = new MicrometerEventMetrics(this.registry);

	@Test
	void consumedCounterCountsWhereConsumedDoesAndShowsAtZeroFromTheStart() {
		this.metrics.register("orders", "order_created");
		Runnable counter = this.metrics.consumedCounter("orders", "order_created");
		assertThat(consumed("orders", "order_created")).isZero();
		counter.run();
		counter.run();
		this.metrics.consumed("orders", "order_created");
		assertThat(consumed("orders", "order_created")).isEqualTo(3);
	}

	@Test
	void consumedCounterOfUndeclaredTagsCountsAsOther() {
		this.metrics.register("orders", "order_created");
		this.metrics.consumedCounter("orders", "order_deleted").run();
		this.metrics.consumedCounter("payments", "order_created").run();
		assertThat(consumed("orders", "other")).isEqualTo(1);
		assertThat(consumed("other", "other")).isEqualTo(1);
		assertThat(this.registry.find("eventwire.events.consumed").counters()).hasSize(2);
	}

	private double consumed(String topic, String type) {
		Counter counter = this.registry.find("eventwire.events.consumed")
			.tag("topic", topic)
			.tag("type", type)
			.counter();
		assertThat(counter).as("counter of %s/%s", topic, type).isNotNull();
		return counter.count();
	}

}
