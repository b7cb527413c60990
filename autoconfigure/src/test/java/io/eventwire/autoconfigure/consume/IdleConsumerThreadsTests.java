package io.eventwire.autoconfigure.consume;

import java.time.Duration;
import java.util.Map;

import io.eventwire.EventTranslator;
import io.eventwire.OnEvent;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.TopicBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A concurrency that cannot work says so at startup: four consumer threads on topics of at most
 * two partitions log one WARN that names the threads Kafka gave no partition.
 */
@ExtendWith(OutputCaptureExtension.class)
class IdleConsumerThreadsTests {

	static final String TOPIC = "idle-threads-orders";

	@Test
	void moreThreadsThanPartitionsAreNamedInOneWarning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.run("--eventwire.service-name=idle-threads", "--eventwire.consumer.concurrency=4")) {
			await().atMost(Duration.ofSeconds(45)).until(() -> output.getAll().contains("stay idle"));
			String warning = output.getAll()
				.lines()
				.filter((line) -> line.contains("stay idle"))
				.findFirst()
				.orElseThrow();
			assertThat(warning).contains(" WARN ")
				.contains("eventwire consumer group 'idle-threads' runs 4 consumer threads (eventwire.consumer.concurrency)")
				.contains(TOPIC + "=1")
				.containsPattern("\\): [1-3] of them, \\[[^\\]]+\\] stay idle")
				.contains("eventwire.consumer.parallelism");
			assertThat(output.getAll().lines().filter((line) -> line.contains("stay idle"))).hasSize(1);
		}
	}

	@Test
	void noWarningWhereEveryThreadCanHaveAPartition(CapturedOutput output) {
		IdleConsumerThreads check;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.run("--eventwire.service-name=idle-threads-one")) {
			check = context.getBean(IdleConsumerThreads.class);
			check.check();
		}
		assertThat(output.getAll()).doesNotContain("stay idle");
	}

	@EventTranslator(topics = TOPIC)
	static class Orders {

		@OnEvent("order")
		void order(Map<String, Object> order) {
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Orders.class)
	static class App {

		@Bean
		NewTopic idleThreadsTopic() {
			return TopicBuilder.name(TOPIC).partitions(1).replicas(1).build();
		}

	}

}
