package io.eventwire.parallel;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/**
 * The partitions a consumer thread's lanes paused (its buffer is full, or every slot waits), apart
 * from any pause of the application's: they resume them, and only them. Guarded by the lanes' lock.
 */
final class PausedPartitions {

	private final Intake intake;

	private final Set<TopicPartition> paused = new HashSet<>();

	PausedPartitions(Intake intake) {
		this.intake = intake;
	}

	boolean any() {
		return !this.paused.isEmpty();
	}

	/**
	 * Pause these partitions, those not paused yet.
	 */
	void pause(Collection<TopicPartition> partitions) {
		List<TopicPartition> pausing = partitions.stream().filter(this.paused::add).toList();
		if (!pausing.isEmpty()) {
			this.intake.pause(pausing);
		}
	}

	void resumeAll() {
		if (!this.paused.isEmpty()) {
			this.intake.resume(List.copyOf(this.paused));
			this.paused.clear();
		}
	}

	/**
	 * Partitions were revoked: a pause left behind would hold one if it came back.
	 */
	void revoked(Collection<TopicPartition> partitions) {
		List<TopicPartition> resumed = partitions.stream().filter(this.paused::remove).toList();
		if (!resumed.isEmpty()) {
			this.intake.resume(resumed);
		}
	}

	/**
	 * Pauses and resumes partitions of the consumer (through its container, from any thread).
	 */
	interface Intake {

		void pause(Collection<TopicPartition> partitions);

		void resume(Collection<TopicPartition> partitions);

	}

}
