package io.eventwire.parallel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lanes of one consumer thread, without a broker: which events start, what each partition
 * commits, when partitions pause, and what a revocation leaves behind.
 */
class ConsumerLanesTests {

	private static final TopicPartition P0 = new TopicPartition("t", 0);

	private static final TopicPartition P1 = new TopicPartition("t", 1);

	private final List<PendingEvent> started = new CopyOnWriteArrayList<>();

	private final List<String> acknowledged = new CopyOnWriteArrayList<>();

	private final List<String> intake = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopScheduler() {
		this.scheduler.shutdownNow();
	}

	@Test
	void startsUpToTheParallelismNeverTwoEventsOfOneKey() {
		ConsumerLanes lanes = lanes(3, 100);
		add(lanes, P0, 0, "a");
		add(lanes, P0, 1, "a");
		add(lanes, P0, 2, "b");
		add(lanes, P0, 3, null);
		add(lanes, P0, 4, null);
		add(lanes, P0, 5, "c");
		assertThat(startedNames()).containsExactly("t-0@0", "t-0@2", "t-0@3");
		assertThat(lanes.inFlight()).isEqualTo(3);
		assertThat(lanes.queued()).isEqualTo(3);

		lanes.finished(this.started.get(0), true);
		// The slot goes to the next lane in line (c), and a's next event waits behind it.
		assertThat(startedNames()).containsExactly("t-0@0", "t-0@2", "t-0@3", "t-0@5");
		lanes.finished(this.started.get(2), true);
		assertThat(startedNames()).endsWith("t-0@1");
		lanes.finished(this.started.get(1), true);
		assertThat(startedNames()).endsWith("t-0@4");
	}

	@Test
	void aPartitionIsCommittedUpToItsFirstUnfinishedEvent() {
		ConsumerLanes lanes = lanes(4, 100);
		add(lanes, P0, 10, "a");
		add(lanes, P0, 11, "b");
		add(lanes, P0, 12, "c");
		add(lanes, P1, 7, "a");

		lanes.finished(event(11), true);
		lanes.finished(event(12), true);
		assertThat(this.acknowledged).isEmpty();
		lanes.finished(event(10), true);
		assertThat(this.acknowledged).containsExactly("t-0@12");
		lanes.finished(event(7), true);
		assertThat(this.acknowledged).containsExactly("t-0@12", "t-1@7");
	}

	@Test
	void aFullBufferPausesThePartitionsUntilItIsHalfEmpty() {
		ConsumerLanes lanes = lanes(2, 4);
		add(lanes, P0, 0, "a");
		add(lanes, P1, 0, "a");
		add(lanes, P0, 1, "a");
		assertThat(this.intake).isEmpty();
		add(lanes, P1, 1, "a");
		assertThat(this.intake).containsExactly("pause t-0", "pause t-1");

		lanes.finished(this.started.get(0), true);
		assertThat(this.intake).hasSize(2);
		lanes.finished(this.started.get(1), true);
		assertThat(this.intake).containsExactly("pause t-0", "pause t-1", "resume t-0", "resume t-1");
	}

	@Test
	void whenEverySlotWaitsForItsNextAttemptNoNewEventIsTaken() {
		ConsumerLanes lanes = lanes(2, 100);
		add(lanes, P0, 0, "a");
		add(lanes, P0, 1, "b");
		add(lanes, P0, 2, "c");
		assertThat(lanes.later(this.started.get(0), this::never)).isTrue();
		assertThat(this.intake).isEmpty();
		assertThat(lanes.later(this.started.get(1), this::never)).isTrue();
		assertThat(this.intake).containsExactly("pause t-0");

		lanes.retrying(this.started.get(0));
		lanes.finished(this.started.get(0), true);
		assertThat(this.intake).containsExactly("pause t-0", "resume t-0");
	}

	@Test
	void aRevokedPartitionDropsWhatWaitsAndCommitsWhatFinishesWithinTheDrainTimeout() {
		ConsumerLanes lanes = lanes(2, 100);
		add(lanes, P0, 0, "a");
		add(lanes, P0, 1, "a");
		add(lanes, P0, 2, "b");
		CompletableFuture<Void> revoking = CompletableFuture.runAsync(() -> lanes.close(List.of(P0), true));
		// While the consumer thread waits in the revocation, the in-flight events finish.
		await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(5)).until(() -> !revoking.isDone());
		lanes.finished(event(0), true);
		lanes.finished(event(2), true);
		revoking.join();
		assertThat(this.acknowledged).containsExactly("t-0@0");
		// Offset 1 was dropped, not started: the partition's next owner handles it.
		assertThat(startedNames()).containsExactly("t-0@0", "t-0@2");
		assertThat(lanes.inFlight()).isZero();
		assertThat(lanes.queued()).isZero();

		add(lanes, P0, 1, "a");
		assertThat(startedNames()).containsExactly("t-0@0", "t-0@2", "t-0@1");
	}

	@Test
	void anEventStillRunningAfterTheDrainTimeoutIsGivenUpAndNeverAcknowledged() {
		ConsumerLanes lanes = lanes(2, 100, Duration.ofMillis(200));
		add(lanes, P0, 0, "a");
		add(lanes, P0, 1, "b");
		assertThat(lanes.later(event(1), () -> this.scheduler.schedule(() -> {
		}, 1, TimeUnit.HOURS))).isTrue();
		lanes.close(List.of(P0), true);
		// The waiting event was given up at once; the running one when the timeout passed.
		lanes.finished(event(0), true);
		assertThat(this.acknowledged).isEmpty();
		assertThat(lanes.inFlight()).isZero();
	}

	@Test
	void aStoppingConsumerTakesNoMoreRecords() {
		ConsumerLanes lanes = lanes(2, 100);
		add(lanes, P0, 0, "a");
		CompletableFuture<Void> stopping = CompletableFuture
			.runAsync(() -> lanes.stop(System.nanoTime() + Duration.ofSeconds(10).toNanos()));
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			add(lanes, P0, 1, "b");
			return lanes.queued() == 0 && startedNames().size() == 1;
		});
		lanes.finished(event(0), true);
		stopping.join();
		assertThat(this.acknowledged).containsExactly("t-0@0");
		assertThat(startedNames()).containsExactly("t-0@0");
	}

	private java.util.concurrent.ScheduledFuture<?> never() {
		return this.scheduler.schedule(() -> {
		}, 1, TimeUnit.HOURS);
	}

	private ConsumerLanes lanes(int parallelism, int maxBuffered) {
		return lanes(parallelism, maxBuffered, Duration.ofSeconds(10));
	}

	private ConsumerLanes lanes(int parallelism, int maxBuffered, Duration drain) {
		return new ConsumerLanes(new KeyParallelism(parallelism, maxBuffered, drain), (lanes, event) -> this.started.add(event),
				new PausedPartitions.Intake() {

					@Override
					public void pause(Collection<TopicPartition> partitions) {
						partitions.stream().sorted(java.util.Comparator.comparing(TopicPartition::toString))
							.forEach((partition) -> ConsumerLanesTests.this.intake.add("pause " + partition));
					}

					@Override
					public void resume(Collection<TopicPartition> partitions) {
						partitions.stream().sorted(java.util.Comparator.comparing(TopicPartition::toString))
							.forEach((partition) -> ConsumerLanesTests.this.intake.add("resume " + partition));
					}

				});
	}

	private void add(ConsumerLanes lanes, TopicPartition partition, long offset, String key) {
		ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(partition.topic(), partition.partition(), offset, key,
				new byte[0]);
		lanes.add(record, () -> this.acknowledged.add(name(record)));
	}

	private PendingEvent event(long offset) {
		return this.started.stream().filter((event) -> event.record.offset() == offset).findFirst().orElseThrow();
	}

	private List<String> startedNames() {
		List<String> names = new ArrayList<>();
		this.started.forEach((event) -> names.add(name(event.record)));
		return names;
	}

	private static String name(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
