package io.eventwire.autoconfigure.keyorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import io.eventwire.EventMetadata;
import io.eventwire.EventPublisher;
import io.eventwire.EventTranslator;
import io.eventwire.NonRetryableEventException;
import io.eventwire.OnEvent;
import io.eventwire.PublishResult;
import io.eventwire.autoconfigure.outbox.EmbeddedMongo;
import io.eventwire.dlq.DeadLetter;
import io.eventwire.dlq.DeadLetters;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 10,000 events on 1,000 keys over three partitions, 1 % of them poison: keys without poison are
 * handled in order; each poisoned key stops at its first poison, whose later events are parked
 * behind it in order; after replayAll with the handler fixed, every event is handled once (the
 * inbox is on), each key in order.
 */
@SpringBootTest(classes = KeyOrderAtScaleTests.App.class,
		properties = { "eventwire.service-name=keyorder-scale", "eventwire.dlq.topic=keyorder-scale-dlq",
				"eventwire.consumer.deduplication.enabled=true", "spring.mongodb.representation.uuid=standard" })
class KeyOrderAtScaleTests {

	static final String TOPIC = "keyorder-scale-steps";

	static final int KEYS = 1_000;

	static final int PER_KEY = 10;

	static final EmbeddedMongo mongo = new EmbeddedMongo("keyorder-scale");

	@Autowired
	EventPublisher publisher;

	@Autowired
	Recorder recorder;

	@Autowired
	DeadLetters deadLetters;

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", mongo::uri);
	}

	@AfterAll
	static void stopMongo() {
		mongo.close();
	}

	@Test
	void poisonedKeysParkInOrderAndAReplayOfAllReleasesThemOnceEachInOrder() {
		Random random = new Random(15);
		Map<String, Integer> firstPoison = new TreeMap<>();
		List<CompletableFuture<PublishResult>> sent = new ArrayList<>();
		for (int seq = 1; seq <= PER_KEY; seq++) {
			for (int k = 0; k < KEYS; k++) {
				String key = "key-" + k;
				boolean poison = random.nextInt(100) == 0;
				if (poison) {
					firstPoison.merge(key, seq, Math::min);
				}
				sent.add(this.publisher.publishAsync(TOPIC, "step", key, new Step(key, seq, poison)));
			}
		}
		sent.forEach(CompletableFuture::join);
		assertThat(firstPoison).hasSizeBetween(50, 150);
		int expectedNow = IntStream.range(0, KEYS)
			.map((k) -> firstPoison.getOrDefault("key-" + k, PER_KEY + 1) - 1)
			.sum();
		int parked = KEYS * PER_KEY - expectedNow - firstPoison.size();

		await().atMost(Duration.ofMinutes(3)).until(() -> this.recorder.count() >= expectedNow
				&& this.deadLetters.list().stream().filter(DeadLetter::isParked).count() == parked);
		assertThat(this.recorder.count()).isEqualTo(expectedNow);
		List<DeadLetter> listed = this.deadLetters.list();
		Map<String, DeadLetter> deadLetterByKey = new HashMap<>();
		listed.stream().filter((letter) -> !letter.isParked()).forEach((letter) -> deadLetterByKey.put(letter.key(), letter));
		assertThat(deadLetterByKey).hasSize(firstPoison.size());
		for (int k = 0; k < KEYS; k++) {
			String key = "key-" + k;
			int stop = firstPoison.getOrDefault(key, PER_KEY + 1);
			assertThat(this.recorder.seqs(key)).as(key).isEqualTo(range(1, stop - 1));
			if (stop <= PER_KEY) {
				DeadLetter deadLetter = deadLetterByKey.get(key);
				assertThat(deadLetter.payload()).as(key).contains("\"seq\":" + stop + ",");
				List<DeadLetter> behind = listed.stream().filter((letter) -> letter.isParked() && key.equals(letter.key())).toList();
				assertThat(behind).as(key).allSatisfy((letter) -> assertThat(letter.parkedBehind()).isEqualTo(deadLetter.eventId()));
				assertThat(behind.stream().map(DeadLetter::offset).toList()).as(key).isSorted();
				assertThat(behind).as(key).hasSize(PER_KEY - stop);
			}
		}

		this.recorder.fixed = true;
		assertThat(this.deadLetters.replayAll()).hasSize(firstPoison.size());

		await().atMost(Duration.ofMinutes(3)).until(() -> this.recorder.count() >= KEYS * PER_KEY);
		await().atMost(Duration.ofMinutes(1)).until(() -> this.deadLetters.list().isEmpty());
		assertThat(this.recorder.count()).isEqualTo(KEYS * PER_KEY);
		for (int k = 0; k < KEYS; k++) {
			assertThat(this.recorder.seqs("key-" + k)).as("key-" + k).isEqualTo(range(1, PER_KEY));
		}
		assertThat(this.recorder.eventIds).hasSize(KEYS * PER_KEY).allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
	}

	private static List<Integer> range(int from, int to) {
		return IntStream.rangeClosed(from, to).boxed().toList();
	}

	record Step(String key, int seq, boolean poison) {
	}

	@EventTranslator(topics = TOPIC)
	static class Recorder {

		final Map<String, List<Integer>> handled = new ConcurrentHashMap<>();

		final Map<String, Integer> eventIds = new ConcurrentHashMap<>();

		volatile boolean fixed;

		@OnEvent("step")
		void step(Step step, EventMetadata metadata) {
			if (step.poison() && !this.fixed) {
				throw new NonRetryableEventException("poison " + step.key() + ":" + step.seq());
			}
			this.handled.computeIfAbsent(step.key(), (key) -> new ArrayList<>()).add(step.seq());
			this.eventIds.merge(metadata.eventId(), 1, Integer::sum);
		}

		int count() {
			return this.handled.values().stream().mapToInt(List::size).sum();
		}

		List<Integer> seqs(String key) {
			return List.copyOf(this.handled.getOrDefault(key, List.of()));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

		@Bean
		NewTopic stepsTopic() {
			return TopicBuilder.name(TOPIC).partitions(3).replicas(1).build();
		}

	}

}
